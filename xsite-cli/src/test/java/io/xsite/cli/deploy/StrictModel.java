package io.xsite.cli.deploy;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Finds fields that fabric8's Kubernetes model did not know. The model does not refuse them: each object
 * keeps what it does not know in {@code getAdditionalProperties()}, so a misspelled field ({@code portz:})
 * would parse and then be ignored by the cluster. This walks an object through its public getters and
 * reports every non-empty one, with its path.
 */
final class StrictModel {
    private static final String MODEL_PACKAGE = "io.fabric8.kubernetes.api.model";
    private static final String EXTRA = "getAdditionalProperties";

    private StrictModel() {
    }

    /** Every unknown field under {@code object}, as {@code spec.template.spec.containers[0]: [portz]}. */
    static List<String> unknownFields(Object object) {
        List<String> found = new ArrayList<>();
        walk(object, object.getClass().getSimpleName(), found);
        return found;
    }

    private static void walk(Object value, String path, List<String> found) {
        if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                walk(list.get(i), path + "[" + i + "]", found);
            }
        } else if (value instanceof Map<?, ?> map) {
            map.forEach((key, entry) -> walk(entry, path + "." + key, found));
        } else if (value != null && value.getClass().getPackageName().startsWith(MODEL_PACKAGE)) {
            for (Method getter : value.getClass().getMethods()) {
                if (isGetter(getter)) {
                    visit(value, getter, path, found);
                }
            }
        }
    }

    private static void visit(Object owner, Method getter, String path, List<String> found) {
        Object property;
        try {
            property = getter.invoke(owner);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot read " + path + " through " + getter, e);
        }
        if (getter.getName().equals(EXTRA)) {
            if (property instanceof Map<?, ?> extra && !extra.isEmpty()) {
                found.add(path + ": " + extra.keySet());
            }
        } else {
            String name = getter.getName().substring(3);
            walk(property, path + "." + name.substring(0, 1).toLowerCase(Locale.ROOT) + name.substring(1), found);
        }
    }

    private static boolean isGetter(Method method) {
        return method.getName().startsWith("get") && method.getParameterCount() == 0
                && !Modifier.isStatic(method.getModifiers()) && method.getDeclaringClass() != Object.class;
    }
}
