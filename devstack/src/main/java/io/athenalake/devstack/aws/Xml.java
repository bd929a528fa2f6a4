package io.athenalake.devstack.aws;

/** Minimal XML writing for the Query protocol's answers. */
public final class Xml {

    private Xml() {
    }

    public static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&apos;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** {@code <name>escaped value</name>}, or nothing when the value is null. */
    public static String element(String name, Object value) {
        return value == null ? "" : "<" + name + ">" + escape(value.toString()) + "</" + name + ">";
    }
}
