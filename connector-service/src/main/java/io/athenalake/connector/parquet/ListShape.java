package io.athenalake.connector.parquet;

import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.Type;

/** The parquet LIST backward-compatibility rules: when is the repeated field the element itself? */
final class ListShape {

    private ListShape() {
    }

    static boolean isElementItself(GroupType list, Type repeated) {
        if (repeated.isPrimitive()) {
            return true;
        }
        GroupType group = repeated.asGroupType();
        return group.getFieldCount() > 1
                || repeated.getName().equals("array")
                || repeated.getName().equals(list.getName() + "_tuple");
    }
}
