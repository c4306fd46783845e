package io.fuzzycal.cli.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fuzzycal.devkafka.ServiceAcls;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScramUsersFileTest {
    @TempDir
    Path dir;

    @Test
    void readsUsersRolesAndPasswordsWithColons() throws Exception {
        Path f = Files.writeString(dir.resolve("u"), "# comment\n\nops:broker:a:b:c\nsvc:Inference:pw\n");
        ScramUsersFile users = ScramUsersFile.read(f);
        assertThat(users.broker().username()).isEqualTo("ops");
        assertThat(users.broker().password()).isEqualTo("a:b:c");
        assertThat(users.users()).hasSize(1).containsValue(ServiceAcls.Role.INFERENCE);
        assertThat(users.passwords()).containsEntry("ops", "a:b:c").containsEntry("svc", "pw");
    }

    @Test
    void badFilesFailInOneLineNamingTheLine() throws Exception {
        assertThatThrownBy(() -> ScramUsersFile.read(Files.writeString(dir.resolve("a"), "ops:broker:x\nsvc:wizard:pw\n")))
                .hasMessageEndingWith("a line 2: unknown role 'wizard'; roles: broker, admin, inference, calibration, monitor, client");
        assertThatThrownBy(() -> ScramUsersFile.read(Files.writeString(dir.resolve("b"), "svc:client:pw\n")))
                .hasMessageContaining("no user with role broker");
        assertThatThrownBy(() -> ScramUsersFile.read(Files.writeString(dir.resolve("c"), "ops:broker\n")))
                .hasMessageEndingWith("c line 1: expected name:role:password");
        assertThatThrownBy(() -> ScramUsersFile.read(Files.writeString(dir.resolve("d"), "ops:broker:x\nops:client:y\n")))
                .hasMessageEndingWith("d line 2: user ops appears twice");
    }

    @Test
    void warnsWhenOthersMayReadThePasswords() throws Exception {
        Path f = Files.writeString(dir.resolve("u"), "ops:broker:x\n");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--"));
        assertThat(ScramUsersFile.permissionWarning(f)).contains("chmod 600");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
        assertThat(ScramUsersFile.permissionWarning(f)).isNull();
    }
}
