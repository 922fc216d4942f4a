package io.wangge.devstack;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One map per JVM, whichever class loader asks: {@link #shared()} reads it off this class as the system class loader
 * has it, so a Quarkus boot in a fresh class loader finds what an earlier boot published (in JDK types only).
 * System properties are no place for it: libraries read every property as a string.
 */
public final class DevstackRegistry {

    public static final Map<String, Object> ENTRIES = new ConcurrentHashMap<>();

    private DevstackRegistry() {
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> shared() {
        try {
            Class<?> global = Class.forName(DevstackRegistry.class.getName(), true,
                    ClassLoader.getSystemClassLoader());
            return (Map<String, Object>) global.getField("ENTRIES").get(null);
        } catch (ReflectiveOperationException | LinkageError e) {
            return ENTRIES; // not on the system class path: this loader's map is the only one
        }
    }
}
