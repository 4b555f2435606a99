package nl.koppel.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The README's first command, {@code mvn spring-boot:test-run}, starts the demo only while {@link KoppelDemo} is the
 * one main class in the test sources (the plugin refuses to choose between several). Drivers of commands that are
 * not tests (benchmarks, the fault matrix) have another entry and a launcher.
 */
class DemoIsTheOnlyMainClassTest {

    @Test
    void koppelDemoIsTheOnlyMainClassInTheTestSources() throws Exception {
        Path classes = Path.of(KoppelDemo.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<String> mains;
        try (Stream<Path> files = Files.walk(classes)) {
            mains = files.filter(f -> f.toString().endsWith(".class"))
                    .map(f -> classes.relativize(f).toString().replace('/', '.').replaceAll("\\.class$", ""))
                    .filter(DemoIsTheOnlyMainClassTest::hasMain).toList();
        }
        assertThat(mains).containsExactly(KoppelDemo.class.getName());
    }

    private static boolean hasMain(String className) {
        try {
            Method main = Class.forName(className, false, DemoIsTheOnlyMainClassTest.class.getClassLoader())
                    .getDeclaredMethod("main", String[].class);
            return Modifier.isStatic(main.getModifiers()) && Modifier.isPublic(main.getModifiers());
        } catch (NoSuchMethodException | ClassNotFoundException | LinkageError notOne) {
            return false;
        }
    }
}
