package io.github.camelkantata.users.quarkus.deployment;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Pattern;

import jakarta.inject.Inject;

import io.github.camelkantata.users.KantataUsersComponent;
import io.github.camelkantata.users.KantataUsersException;
import io.github.camelkantata.users.model.User;
import io.quarkus.builder.BuildChainBuilder;
import io.quarkus.builder.BuildContext;
import io.quarkus.deployment.builditem.ExtensionSslNativeSupportBuildItem;
import io.quarkus.deployment.builditem.FeatureBuildItem;
import io.quarkus.deployment.builditem.IndexDependencyBuildItem;
import io.quarkus.deployment.builditem.nativeimage.NativeImageResourceBuildItem;
import io.quarkus.deployment.builditem.nativeimage.NativeImageResourcePatternsBuildItem;
import io.quarkus.deployment.builditem.nativeimage.ReflectiveClassBuildItem;
import io.quarkus.deployment.builditem.nativeimage.RuntimeInitializedClassBuildItem;
import io.quarkus.test.QuarkusUnitTest;
import org.apache.camel.CamelContext;
import org.apache.hc.client5.http.impl.async.HttpAsyncClientBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Native readiness where no native image can be built: a real Quarkus build of an application with the extension
 * (QuarkusUnitTest) records every native registration the build chain holds, and the test derives what must be
 * registered from the component jar itself (its model package, exceptions, Camel service files, resources, and the
 * static initialisers of its classes and of HttpClient 5), so that a class or file added to the jar later without a
 * registration fails here.
 */
class NativeRegistrationsTest {

    /** The build runs in another class loader than this test: the recording crosses over in system properties. */
    static final String KEY = "kantata-users.native.";

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withEmptyApplication()
            // FeatureBuildItem cannot be consumed by the recorder (it produces one): Quarkus logs the installed ones
            .setLogRecordPredicate(r -> r.getMessage() != null && r.getMessage().contains("Installed features"))
            .assertLogRecords(NativeRegistrationsTest::featureInstalled)
            .addBuildChainCustomizer(recordRegistrations());

    @Inject
    CamelContext context;

    static Consumer<BuildChainBuilder> recordRegistrations() {
        return chain -> chain.addBuildStep(NativeRegistrationsTest::record)
                .consumes(ReflectiveClassBuildItem.class)
                .consumes(NativeImageResourceBuildItem.class)
                .consumes(NativeImageResourcePatternsBuildItem.class)
                .consumes(RuntimeInitializedClassBuildItem.class)
                .consumes(IndexDependencyBuildItem.class)
                .consumes(ExtensionSslNativeSupportBuildItem.class)
                .produces(FeatureBuildItem.class)
                .build();
    }

    private static void record(BuildContext ctx) {
        List<String> reflective = new ArrayList<>();
        for (ReflectiveClassBuildItem i : ctx.consumeMulti(ReflectiveClassBuildItem.class)) {
            String flags = (i.isConstructors() ? "c" : "") + (i.isMethods() ? "m" : "") + (i.isFields() ? "f" : "");
            i.getClassNames().forEach(n -> reflective.add(n + "|" + flags));
        }
        put("reflective", reflective);
        put("resources", ctx.consumeMulti(NativeImageResourceBuildItem.class).stream()
                .flatMap(i -> i.getResources().stream()).toList());
        put("resourcePatterns", ctx.consumeMulti(NativeImageResourcePatternsBuildItem.class).stream()
                .flatMap(i -> i.getIncludePatterns().stream()).toList());
        put("runtimeInitialized", ctx.consumeMulti(RuntimeInitializedClassBuildItem.class).stream()
                .map(RuntimeInitializedClassBuildItem::getClassName).toList());
        put("indexed", ctx.consumeMulti(IndexDependencyBuildItem.class).stream()
                .map(i -> i.getGroupId() + ":" + i.getArtifactId()).toList());
        put("ssl", ctx.consumeMulti(ExtensionSslNativeSupportBuildItem.class).stream()
                .map(ExtensionSslNativeSupportBuildItem::getExtension).toList());
        ctx.produce(new FeatureBuildItem("kantata-users-registrations-recorder"));
    }

    static void featureInstalled(List<java.util.logging.LogRecord> records) {
        String installed = records.stream()
                .map(r -> r.getMessage() + " " + java.util.Arrays.toString(r.getParameters())).toList().toString();
        assertTrue(installed.contains("camel-kantata-users"), installed);
    }

    private static void put(String name, Collection<String> values) {
        System.setProperty(KEY + name, String.join("\n", values));
    }

    private static Set<String> recorded(String name) {
        String v = System.getProperty(KEY + name);
        assertNotNull(v, "the build did not record " + name);
        return v.isEmpty() ? Set.of() : new TreeSet<>(List.of(v.split("\n")));
    }

    /** Class name to the union of its flags (c: constructors, m: methods, f: fields) over every registration. */
    private static Map<String, String> reflective() {
        Map<String, String> flags = new TreeMap<>();
        for (String e : recorded("reflective")) {
            String[] parts = e.split("\\|", -1);
            flags.merge(parts[0], parts[1], (a, b) -> a + b);
        }
        return flags;
    }

    @Test
    void featureIndexAndSsl() {
        assertTrue(recorded("indexed").contains("io.github.camelkantata:camel-kantata-users"));
        assertTrue(recorded("ssl").contains("camel-kantata-users"));
        // and the application built with the extension resolves the component by its scheme
        assertTrue(context.getComponent("kantata-users") instanceof KantataUsersComponent);
    }

    @Test
    void everyModelClassIsRegisteredForJackson() throws IOException {
        Map<String, String> reflective = reflective();
        List<String> model = classesIn(componentJar(), "io/github/camelkantata/users/model/");
        assertTrue(model.contains(User.class.getName()) && model.size() >= 10, model.toString());
        for (String c : model) {
            String flags = reflective.getOrDefault(c, "");
            assertTrue(flags.contains("c") && flags.contains("m") && flags.contains("f"),
                    c + " needs constructors, methods and fields for Jackson; registered: '" + flags + "'");
        }
    }

    @Test
    void everyExceptionIsRegisteredByName() throws Exception {
        Map<String, String> reflective = reflective();
        List<String> exceptions = new ArrayList<>();
        for (String c : classesIn(componentJar(), "io/github/camelkantata/users/")) {
            Class<?> type = Class.forName(c, false, getClass().getClassLoader());
            if (KantataUsersException.class.isAssignableFrom(type) && Modifier.isPublic(type.getModifiers())) {
                exceptions.add(c);
            }
        }
        assertTrue(exceptions.size() >= 10, exceptions.toString());
        for (String c : exceptions) {
            assertTrue(reflective.getOrDefault(c, "").contains("c"), c + " is not registered for reflection");
        }
    }

    /** Every Camel service file in the jar is a native resource, and the class it names can be instantiated. */
    @Test
    void everyCamelServiceFileAndTheClassItNames() throws IOException {
        Set<String> resources = recorded("resources");
        Map<String, String> reflective = reflective();
        List<String> services = new ArrayList<>();
        try (JarFile jar = new JarFile(componentJar().toFile())) {
            for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements();) {
                JarEntry entry = e.nextElement();
                if (entry.isDirectory() || !entry.getName().startsWith("META-INF/services/org/apache/camel/")) {
                    continue;
                }
                services.add(entry.getName());
                assertTrue(resources.contains(entry.getName()), entry.getName() + " is not a native resource");
                Properties p = new Properties();
                try (InputStream in = jar.getInputStream(entry)) {
                    p.load(in);
                }
                String type = p.getProperty("class");
                if (type != null) {
                    assertTrue(reflective.getOrDefault(type, "").contains("c"),
                            entry.getName() + " names " + type + ", which is not registered for reflection");
                }
            }
        }
        assertTrue(services.contains("META-INF/services/org/apache/camel/component/kantata-users"), services.toString());
        assertTrue(resources.contains("META-INF/io/github/camelkantata/users/kantata-users.json"), "catalog JSON");
    }

    @Test
    void kameletsAreResourcesAndOptionsAreBindable() throws IOException {
        List<Pattern> patterns = recorded("resourcePatterns").stream().map(Pattern::compile).toList();
        List<String> kamelets = new ArrayList<>();
        try (JarFile jar = new JarFile(componentJar().toFile())) {
            jar.stream().map(JarEntry::getName).filter(n -> n.startsWith("kamelets/") && n.endsWith(".yaml"))
                    .forEach(kamelets::add);
        }
        assertTrue(kamelets.size() >= 3, kamelets.toString());
        for (String k : kamelets) {
            assertTrue(patterns.stream().anyMatch(p -> p.matcher(k).matches()), k + " matches no resource pattern");
        }
        Map<String, String> reflective = reflective();
        for (String c : List.of("KantataUsersConfiguration", "KantataUsersListFilters", "KantataUsersEndpoint")) {
            String flags = reflective.getOrDefault("io.github.camelkantata.users." + c, "");
            assertTrue(flags.contains("m") && flags.contains("f"), c + ": '" + flags + "'");
        }
        // HttpTransport looks a builder method up by name
        assertTrue(reflective.getOrDefault(HttpAsyncClientBuilder.class.getName(), "").contains("m"));
    }

    /**
     * Classes whose static initialiser creates a SecureRandom, a Random, a thread, a timer or an executor must be
     * initialised at run time; the scan covers the component and the HttpClient 5 jars it brings.
     */
    @Test
    void classesWithRuntimeStateInStaticInitialisersInitialiseAtRunTime() throws Exception {
        Set<String> runtimeInitialized = recorded("runtimeInitialized");
        Set<String> found = new TreeSet<>();
        for (Path jar : Set.of(componentJar(), jarOf(HttpAsyncClientBuilder.class),
                jarOf(org.apache.hc.core5.http.HttpHost.class),
                jarOf(org.apache.hc.core5.http2.HttpVersionPolicy.class))) {
            found.addAll(staticInitialisersWithRuntimeState(jar));
        }
        assertTrue(found.contains("org.apache.hc.client5.http.impl.auth.NTLMEngineImpl"), found.toString());
        for (String c : found) {
            assertTrue(runtimeInitialized.contains(c), c + " holds run-time state in a static field but is not "
                                                       + "initialised at run time");
        }
    }

    private static final Set<String> RUNTIME_STATE_TYPES = Set.of("java/security/SecureRandom", "java/util/Random",
            "java/lang/Thread", "java/util/Timer", "java/util/concurrent/ThreadPoolExecutor",
            "java/util/concurrent/ScheduledThreadPoolExecutor");

    static Set<String> staticInitialisersWithRuntimeState(Path jarPath) throws IOException {
        Set<String> found = new TreeSet<>();
        try (JarFile jar = new JarFile(jarPath.toFile())) {
            for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements();) {
                JarEntry entry = e.nextElement();
                if (!entry.getName().endsWith(".class") || entry.getName().startsWith("META-INF/")
                        || entry.getName().endsWith("module-info.class")) {
                    continue;
                }
                try (InputStream in = jar.getInputStream(entry)) {
                    ClassReader reader = new ClassReader(in);
                    String name = reader.getClassName().replace('/', '.');
                    reader.accept(new ClassVisitor(Opcodes.ASM9) {
                        @Override
                        public MethodVisitor visitMethod(
                                int access, String method, String desc, String sig,
                                String[] exceptions) {
                            if (!"<clinit>".equals(method)) {
                                return null;
                            }
                            return new MethodVisitor(Opcodes.ASM9) {
                                @Override
                                public void visitTypeInsn(int opcode, String type) {
                                    if (opcode == Opcodes.NEW && RUNTIME_STATE_TYPES.contains(type)) {
                                        found.add(name);
                                    }
                                }

                                @Override
                                public void visitMethodInsn(
                                        int opcode, String owner, String m, String d,
                                        boolean itf) {
                                    if (owner.equals("java/util/concurrent/Executors")
                                            || owner.equals("java/security/SecureRandom") && m.startsWith("get")) {
                                        found.add(name);
                                    }
                                }
                            };
                        }
                    }, ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
                }
            }
        }
        return found;
    }

    private static List<String> classesIn(Path jarPath, String dir) throws IOException {
        try (JarFile jar = new JarFile(jarPath.toFile())) {
            return jar.stream().map(JarEntry::getName)
                    .filter(n -> n.startsWith(dir) && n.endsWith(".class") && n.indexOf('/', dir.length()) < 0)
                    .map(n -> n.substring(0, n.length() - ".class".length()).replace('/', '.'))
                    .toList();
        }
    }

    /**
     * The component jar Maven put on the test class path, the one a user's application gets. Not the code source of its
     * classes: Quarkus's workspace discovery takes the project root's pom.xml (a directory up) for a workspace module
     * and, once the root is built, loads the component from its target/classes.
     */
    private static Path componentJar() {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<Path> jars = new ArrayList<>();
        for (String entry : cp.split(java.io.File.pathSeparator)) {
            Path p = Path.of(entry);
            String name = p.getFileName() == null ? "" : p.getFileName().toString();
            if (name.startsWith("camel-kantata-users-") && name.endsWith(".jar")) {
                jars.add(p);
            }
        }
        assertEquals(1, jars.size(), "the component jar on the test class path: " + jars);
        return jars.get(0);
    }

    private static Path jarOf(Class<?> type) {
        try {
            Path p = Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
            assertFalse(p.toFile().isDirectory(), type + " is not in a jar: " + p);
            return p;
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
