package io.fuzzycal.cli.broker;

import io.fuzzycal.cli.InvalidInputException;
import io.fuzzycal.devkafka.ScramUser;
import io.fuzzycal.devkafka.ServiceAcls;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The users of {@code fuzzycal broker --scram-users FILE}, one per line: {@code name:role:password}
 * (the password is the rest of the line, so it may hold ':'), blank lines and {@code #} comments
 * ignored. Exactly one user has the role {@code broker}: the broker's own login, a super user. The
 * other roles are {@link ServiceAcls.Role}'s, in lower case. Passwords come from a file, never from
 * the command line, where every user of the machine sees them ({@code ps}).
 */
record ScramUsersFile(ScramUser broker, Map<ScramUser, ServiceAcls.Role> users) {
    static final String BROKER_ROLE = "broker";

    static ScramUsersFile read(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        ScramUser broker = null;
        Map<ScramUser, ServiceAcls.Role> users = new LinkedHashMap<>();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String where = file + " line " + (i + 1) + ": ";
            String[] parts = line.split(":", 3);
            if (parts.length < 3 || parts[0].isBlank() || parts[2].isEmpty()) {
                throw new InvalidInputException(where + "expected name:role:password");
            }
            if (names.contains(parts[0])) {
                throw new InvalidInputException(where + "user " + parts[0] + " appears twice");
            }
            names.add(parts[0]);
            ScramUser user = new ScramUser(parts[0], parts[2]);
            String role = parts[1].strip().toLowerCase(Locale.ROOT);
            if (role.equals(BROKER_ROLE)) {
                if (broker != null) {
                    throw new InvalidInputException(where + "a second user with role broker");
                }
                broker = user;
            } else {
                users.put(user, role(role, where));
            }
        }
        if (broker == null) {
            throw new InvalidInputException(file + ": no user with role broker (the broker's own login)");
        }
        return new ScramUsersFile(broker, users);
    }

    /** Every user and its password, the broker's included: who may write to the development registry. */
    Map<String, String> passwords() {
        Map<String, String> out = new LinkedHashMap<>();
        out.put(broker.username(), broker.password());
        users.keySet().forEach(u -> out.put(u.username(), u.password()));
        return out;
    }

    /** A warning when others than the owner may read the file, else null. */
    static String permissionWarning(Path file) {
        try {
            Set<PosixFilePermission> p = Files.getPosixFilePermissions(file);
            if (p.contains(PosixFilePermission.GROUP_READ) || p.contains(PosixFilePermission.OTHERS_READ)) {
                return "warning: " + file + " holds passwords and others may read it; chmod 600 it";
            }
        } catch (UnsupportedOperationException | IOException e) {
            return null; // not a POSIX file system: nothing to say
        }
        return null;
    }

    private static ServiceAcls.Role role(String name, String where) {
        for (ServiceAcls.Role r : ServiceAcls.Role.values()) {
            if (r.name().toLowerCase(Locale.ROOT).equals(name)) {
                return r;
            }
        }
        List<String> known = new ArrayList<>(List.of(BROKER_ROLE));
        for (ServiceAcls.Role r : ServiceAcls.Role.values()) {
            known.add(r.name().toLowerCase(Locale.ROOT));
        }
        throw new InvalidInputException(where + "unknown role '" + name + "'; roles: " + String.join(", ", known));
    }
}
