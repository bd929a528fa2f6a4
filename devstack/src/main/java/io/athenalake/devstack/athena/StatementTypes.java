package io.athenalake.devstack.athena;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Athena's statement types (DDL, DML, UTILITY), told from a statement's first keyword as Athena does. */
final class StatementTypes {

    private static final Pattern FIRST_WORD = Pattern.compile("^\\s*(?:(?:--[^\\n]*\\n|/\\*.*?\\*/)\\s*)*\\(*\\s*(\\w+)",
            Pattern.DOTALL);
    private static final Set<String> SELECTS = Set.of("SELECT", "WITH", "VALUES", "TABLE");
    private static final Set<String> DML = Set.of("INSERT", "UPDATE", "DELETE", "MERGE", "UNLOAD");
    private static final Set<String> UTILITY = Set.of("EXPLAIN", "PREPARE", "EXECUTE", "DEALLOCATE");

    private StatementTypes() {
    }

    static String of(String query) {
        String word = firstWord(query);
        if (SELECTS.contains(word) || DML.contains(word)) {
            return "DML";
        }
        if ("CREATE".equals(word) && isCreateTableAs(query)) {
            return "DML";
        }
        if (UTILITY.contains(word)) {
            return "UTILITY";
        }
        return "DDL";
    }

    static boolean isSelect(String query) {
        return SELECTS.contains(firstWord(query));
    }

    static boolean isUnload(String query) {
        return "UNLOAD".equals(firstWord(query));
    }

    private static boolean isCreateTableAs(String query) {
        return Pattern.compile("\\bAS\\s*\\(?\\s*(SELECT|WITH|VALUES|TABLE)\\b", Pattern.CASE_INSENSITIVE).matcher(query).find();
    }

    private static String firstWord(String query) {
        Matcher matcher = FIRST_WORD.matcher(query);
        return matcher.find() ? matcher.group(1).toUpperCase(Locale.ROOT) : "";
    }
}
