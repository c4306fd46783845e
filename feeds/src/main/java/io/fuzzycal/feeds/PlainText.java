package io.fuzzycal.feeds;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The readable text of a feed's HTML fragment (an RSS description, an Atom summary): scripts and
 * styles dropped, tags removed, the common entities decoded, whitespace collapsed. Feeds carry small
 * fragments, not pages, so a few rules suffice here.
 */
final class PlainText {
    private static final Pattern SCRIPT = Pattern.compile("(?is)<(script|style)\\b.*?</\\1\\s*>");
    private static final Pattern BREAK = Pattern.compile("(?i)<(br|/p|/div|/li|/h[1-6])\\b[^>]*>");
    private static final Pattern TAG = Pattern.compile("(?s)<[^>]*>");
    private static final Pattern ENTITY = Pattern.compile("&(#\\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z]{2,8});");
    private static final Pattern SPACE = Pattern.compile("[\\s\\u00a0]+");
    private static final Map<String, String> NAMED = Map.of("amp", "&", "lt", "<", "gt", ">", "quot", "\"",
            "apos", "'", "nbsp", " ", "mdash", "\u2014", "ndash", "\u2013", "hellip", "\u2026", "rsquo", "\u2019");

    private PlainText() {
    }

    static String of(String html) {
        if (html == null) {
            return "";
        }
        String s = SCRIPT.matcher(html).replaceAll(" ");
        s = BREAK.matcher(s).replaceAll(" ");
        s = TAG.matcher(s).replaceAll("");
        s = decode(s);
        return SPACE.matcher(s).replaceAll(" ").strip();
    }

    private static String decode(String s) {
        Matcher m = ENTITY.matcher(s);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            String replacement;
            if (name.startsWith("#")) {
                boolean hex = name.length() > 1 && (name.charAt(1) == 'x' || name.charAt(1) == 'X');
                int code = Integer.parseInt(name.substring(hex ? 2 : 1), hex ? 16 : 10);
                replacement = Character.isValidCodePoint(code) ? new String(Character.toChars(code)) : m.group();
            } else {
                replacement = NAMED.getOrDefault(name, m.group());
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }
}
