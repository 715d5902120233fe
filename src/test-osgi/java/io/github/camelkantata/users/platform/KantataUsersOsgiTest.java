package io.github.camelkantata.users.platform;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import aQute.bnd.osgi.Analyzer;
import aQute.bnd.osgi.Jar;
import io.github.camelkantata.users.sandbox.KantataSandbox;
import org.apache.felix.framework.Felix;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.wiring.BundleRequirement;
import org.osgi.framework.wiring.BundleWire;
import org.osgi.framework.wiring.BundleWiring;
import org.osgi.framework.wiring.FrameworkWiring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The OSGi proof. Starts Apache Felix 7.0.5 and installs:
 * <ul>
 * <li>Camel's own 4.22 jars and their dependencies from the test class path. Camel's jars on Maven Central are not
 * bundles, and camel-karaf's re-bundled ones are not served on the build machines, so the Camel jars are made into
 * bundles here with bnd (exports versioned like the jar, imports optional: they stand in for camel-karaf's curated
 * bundles). Jars that already are bundles (Jackson, HttpClient 5, SLF4J) are installed as they are;</li>
 * <li>our bundle: target/classes with the manifest maven-bundle-plugin wrote for the jar, unchanged.</li>
 * </ul>
 * It asserts that every bundle resolves and that every one of our bundle's imports is wired to an exporter (Camel in
 * the range [4.14,5) among them), then starts a CamelContext inside Felix. Like camel-karaf, which finds components by
 * scanning active bundles for {@code META-INF/services/org/apache/camel/component/<scheme>}, the context's application
 * class loader looks through the installed bundles; {@code kantata-users:} must come from our bundle's service file and
 * class loader, and its producer must call the sandbox.
 * <p>
 * Run with {@code mvn -B -o test -Posgi} after a default build (it reads target/classes).
 */
class KantataUsersOsgiTest {

    static final Pattern CAMEL = Pattern.compile("/(camel-[a-z0-9-]+)-(\\d+\\.\\d+\\.\\d+)\\.jar$");
    static final List<String> CAMEL_JARS = List.of("camel-api", "camel-util", "camel-util-json", "camel-support",
            "camel-base", "camel-base-engine", "camel-core-engine", "camel-core-model", "camel-core-reifier",
            "camel-core-processor", "camel-core-languages", "camel-management-api", "camel-xml-jaxp-util",
            "camel-http-base");
    static final List<String> THIRD_PARTY = List.of("jackson-core-", "jackson-databind-", "jackson-annotations-",
            "httpcore5-", "httpcore5-h2-", "httpclient5-", "slf4j-api-", "sqlite-jdbc-");

    Felix felix;

    @AfterEach
    void stop() throws Exception {
        if (felix != null) {
            felix.stop();
            felix.waitForStop(10_000);
        }
    }

    @Test
    void bundleResolvesInFelixAndRunsARoute() throws Exception {
        Path work = Path.of("target/osgi");
        Files.createDirectories(work);
        Map<String, String> config = new HashMap<>();
        config.put(Constants.FRAMEWORK_STORAGE, work.resolve("felix-cache").toString());
        config.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        // The test class path holds the same Camel jars; Felix's implicit boot delegation would otherwise hand a
        // bundle the class-path copy of a class when the load request comes from outside the framework.
        config.put("felix.bootdelegation.implicit", "false");
        config.put(Constants.FRAMEWORK_BUNDLE_PARENT, Constants.FRAMEWORK_BUNDLE_PARENT_BOOT);
        felix = new Felix(config);
        felix.start();

        Map<String, Bundle> installed = new LinkedHashMap<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            String name = new File(entry).getName();
            Matcher m = CAMEL.matcher(entry.replace('\\', '/'));
            if (m.find() && CAMEL_JARS.contains(m.group(1))) {
                installed.put(m.group(1), install(wrap(new File(entry), m.group(1), m.group(2), work)));
            } else if (THIRD_PARTY.stream().anyMatch(p -> name.startsWith(p) && name.substring(p.length()).matches("\\d.*"))) {
                File jar = new File(entry);
                installed.put(name, install(isBundle(jar)
                        ? jar : wrap(jar, name.replaceFirst("-\\d.*", ""),
                                name.replaceFirst("^.*?-(\\d[^-]*?)\\.jar$", "$1"), work)));
            }
        }
        assertEquals(CAMEL_JARS.size(), installed.keySet().stream().filter(CAMEL_JARS::contains).count(),
                "Camel jars found on the class path: " + installed.keySet());
        Bundle ours = install(ourBundle(work));

        boolean all = felix.adapt(FrameworkWiring.class).resolveBundles(null);
        List<String> unresolved = new ArrayList<>();
        for (Bundle b : felix.getBundleContext().getBundles()) {
            if (b.getState() == Bundle.INSTALLED) {
                try {
                    b.start();
                } catch (org.osgi.framework.BundleException e) {
                    unresolved.add(b.getSymbolicName() + ": " + e.getMessage());
                }
            }
        }
        assertTrue(all && unresolved.isEmpty(), "unresolved bundles: " + unresolved + " (see Felix's log above)");

        // every import of ours is wired; Camel comes from the 4.22 bundles through the [4.14,5) range
        BundleWiring wiring = ours.adapt(BundleWiring.class);
        List<String> missing = new ArrayList<>();
        for (BundleRequirement req : wiring.getRequirements("osgi.wiring.package")) {
            String filter = req.getDirectives().get("filter");
            boolean optional = "optional".equals(req.getDirectives().get("resolution"));
            boolean wired
                    = wiring.getRequiredWires("osgi.wiring.package").stream().anyMatch(w -> w.getRequirement().equals(req));
            if (!wired && !optional) {
                missing.add(filter);
            }
        }
        assertTrue(missing.isEmpty(), "imports of our bundle without an exporter: " + missing);
        BundleWire camelSpi = wiring.getRequiredWires("osgi.wiring.package").stream()
                .filter(w -> "org.apache.camel.spi".equals(w.getCapability().getAttributes().get("osgi.wiring.package")))
                .findFirst().orElseThrow();
        assertEquals(installed.get("camel-api"), camelSpi.getProvider().getBundle());
        String imports = ours.getHeaders().get(Constants.IMPORT_PACKAGE);
        assertTrue(imports.contains("org.apache.camel.spi;version=\"[4.14,5)\""), imports);
        // Jackson with the range of the lines we support, not just the version built with; HttpClient 5 below 6
        // with no lower bound, since camel-karaf's wrapped HttpClient 5 exports its packages unversioned
        assertTrue(imports.contains("org.apache.hc.client5.http.impl.async;version=\"[0,6)\""), imports);
        assertTrue(imports.contains("org.apache.hc.core5.http;version=\"[0,6)\""), imports);
        assertTrue(imports.contains("com.fasterxml.jackson.databind;version=\"[2.17,3)\""), imports);
        // stateFile's SQLite, with a range, wired to the sqlite-jdbc bundle
        assertTrue(imports.contains("org.sqlite;version=\"[3.46,4)\""), imports);
        BundleWire sqlite = wiring.getRequiredWires("osgi.wiring.package").stream()
                .filter(w -> "org.sqlite".equals(w.getCapability().getAttributes().get("osgi.wiring.package")))
                .findFirst().orElseThrow();
        assertEquals("org.xerial.sqlite-jdbc", sqlite.getProvider().getBundle().getSymbolicName());
        // only the API is exported: not the internal client, not the sandbox
        String exports = ours.getHeaders().get(Constants.EXPORT_PACKAGE);
        for (String pkg : List.of("io.github.camelkantata.users;", "io.github.camelkantata.users.model;",
                "io.github.camelkantata.users.state;")) {
            assertTrue(exports.contains(pkg), pkg + " exported: " + exports);
        }
        for (String pkg : List.of(".client", ".sandbox", ".consumer")) {
            assertFalse(exports.contains("io.github.camelkantata.users" + pkg), pkg + " not exported: " + exports);
        }

        for (Bundle b : installed.values()) {
            if (b.getHeaders().get(Constants.FRAGMENT_HOST) == null) {
                b.start();
            }
        }
        ours.start();
        assertEquals(Bundle.ACTIVE, ours.getState());

        try (KantataSandbox sandbox = KantataSandbox.start()) {
            runInsideFelix(installed, ours, sandbox);
        }
    }

    private void runInsideFelix(Map<String, Bundle> installed, Bundle ours, KantataSandbox sandbox) throws Exception {
        ClassLoader oursLoader = ours.adapt(BundleWiring.class).getClassLoader();
        assertNotNull(oursLoader.getResource("META-INF/services/org/apache/camel/component/kantata-users"),
                "our bundle carries the component's service file at its root");
        ClassLoader bundles = new BundlesClassLoader(felix.getBundleContext().getBundles());
        Bundle engine = installed.get("camel-core-engine");
        Bundle api = installed.get("camel-api");
        Class<?> camelContextType = api.loadClass("org.apache.camel.CamelContext");
        Class<?> templateType = api.loadClass("org.apache.camel.ProducerTemplate");
        Object context = engine.loadClass("org.apache.camel.impl.DefaultCamelContext").getConstructor().newInstance();
        assertSame(engine, org.osgi.framework.FrameworkUtil.getBundle(context.getClass()), "Camel runs from the bundles");
        camelContextType.getMethod("setApplicationContextClassLoader", ClassLoader.class).invoke(context, bundles);
        Thread t = Thread.currentThread();
        ClassLoader before = t.getContextClassLoader();
        t.setContextClassLoader(bundles);
        try {
            camelContextType.getMethod("start").invoke(context);
            // Camel's own lookups fall back to the system class loader, which in this test (not in Karaf) holds
            // the same jars: prove the services in use come from the bundles
            for (String getter : List.of("getPropertiesComponent", "getTypeConverter", "getInjector")) {
                Object service = camelContextType.getMethod(getter).invoke(context);
                assertNotNull(org.osgi.framework.FrameworkUtil.getBundle(service.getClass()), getter + " comes from a bundle");
            }
            String uri = "kantata-users:get?userId=7&accessToken=" + sandbox.token() + "&baseUrl=" + sandbox.baseUrl();
            Object endpoint = camelContextType.getMethod("getEndpoint", String.class).invoke(context, uri);
            assertEquals("io.github.camelkantata.users.KantataUsersEndpoint", endpoint.getClass().getName());
            assertSame(oursLoader, endpoint.getClass().getClassLoader(), "the endpoint class comes from our bundle");
            Object component = camelContextType.getMethod("hasComponent", String.class).invoke(context, "kantata-users");
            assertSame(ours, org.osgi.framework.FrameworkUtil.getBundle(component.getClass()));

            Object template = camelContextType.getMethod("createProducerTemplate").invoke(context);
            templateType.getMethod("start").invoke(template);
            Object user = templateType.getMethod("requestBody", String.class, Object.class).invoke(template, uri, null);
            assertEquals("io.github.camelkantata.users.model.User", user.getClass().getName());
            assertSame(oursLoader, user.getClass().getClassLoader());
            assertEquals("7", user.getClass().getMethod("getId").invoke(user));
            assertEquals("Bearer " + sandbox.token(), sandbox.requests().get(0).header("Authorization"));
            assertEquals("/api/v1/users/7", sandbox.requests().get(0).path());
            // synchronous=true loads the classic client's packages: the bundle must import them too
            Object same = templateType.getMethod("requestBody", String.class, Object.class)
                    .invoke(template, uri + "&synchronous=true", null);
            assertEquals("7", same.getClass().getMethod("getId").invoke(same));
            assertEquals("/api/v1/users/7", sandbox.requests().get(1).path());
            templateType.getMethod("stop").invoke(template);

            // the stateFile store runs inside Felix: our bundle's StateFileLock opens SQLite through the bundle wiring
            Class<?> lock = ours.loadClass("io.github.camelkantata.users.state.StateFileLock");
            Path db = Path.of("target/osgi/state.db").toAbsolutePath();
            Files.deleteIfExists(db);
            Object handle = lock.getMethod("acquire", Path.class, Object.class).invoke(null, db, "osgi");
            Object repo = handle.getClass().getMethod("repository").invoke(handle);
            Class<?> bulk = ours.loadClass("io.github.camelkantata.users.state.BulkStateRepository");
            bulk.getMethod("setState", Object.class, Object.class).invoke(repo, "k", "v");
            assertEquals("v", bulk.getMethod("getState", Object.class).invoke(repo, "k"));
            handle.getClass().getMethod("release").invoke(handle);
        } finally {
            camelContextType.getMethod("stop").invoke(context);
            t.setContextClassLoader(before);
        }
    }

    private Bundle install(File file) throws Exception {
        return felix.getBundleContext().installBundle(file.toURI().toString());
    }

    /**
     * Jackson is a proper bundle. HttpClient 5 / HttpCore 5 ship no OSGi headers (Karaf users get them from
     * camel-karaf's camel-http feature, i.e. a wrapped bundle), and slf4j-api 2 requires a ServiceLoader extender (SPI
     * Fly; pax-logging in Karaf) that bare Felix lacks, so those are wrapped like the Camel jars.
     */
    static boolean isBundle(File jar) throws IOException {
        if (jar.getName().startsWith("slf4j-api-")) {
            return false;
        }
        try (java.util.jar.JarFile j = new java.util.jar.JarFile(jar)) {
            Manifest m = j.getManifest();
            return m != null && m.getMainAttributes().getValue(Constants.BUNDLE_SYMBOLICNAME) != null;
        }
    }

    /** Makes a plain Camel jar into a bundle: exports its packages at the jar's version, imports optional. */
    static File wrap(File jarFile, String artifact, String version, Path work) throws Exception {
        File out = work.resolve(artifact + "-" + version + "-bundle.jar").toFile();
        try (Jar jar = new Jar(jarFile); Analyzer analyzer = new Analyzer()) {
            analyzer.setJar(jar);
            analyzer.setProperty(Constants.BUNDLE_SYMBOLICNAME, "wrapped." + artifact);
            analyzer.setProperty(Constants.BUNDLE_VERSION, version);
            analyzer.setProperty(Constants.EXPORT_PACKAGE, "*;version=" + version);
            analyzer.setProperty(Constants.IMPORT_PACKAGE, "*;resolution:=optional");
            analyzer.setProperty("-noimportjava", "true");
            analyzer.setProperty("-removeheaders", "Require-Capability,Provide-Capability");
            Manifest manifest = analyzer.calcManifest();
            jar.setManifest(manifest);
            jar.write(out);
        }
        return out;
    }

    /** Our bundle exactly as the jar gets it: target/classes plus the manifest maven-bundle-plugin wrote there. */
    static File ourBundle(Path work) throws Exception {
        File classes = new File("target/classes");
        File manifestFile = new File(classes, "META-INF/MANIFEST.MF");
        assertTrue(manifestFile.isFile(), "run a default build first (mvn -B -o process-classes)");
        File out = work.resolve("camel-kantata-users-bundle.jar").toFile();
        try (Jar jar = new Jar(classes); InputStream in = Files.newInputStream(manifestFile.toPath())) {
            jar.setManifest(new Manifest(in));
            jar.write(out);
        }
        return out;
    }

    /**
     * What camel-karaf's bundle scanning gives Camel: classes and META-INF/services resources from any installed
     * bundle, each loaded by its own bundle's class loader.
     */
    static final class BundlesClassLoader extends ClassLoader {
        private final List<ClassLoader> loaders = new ArrayList<>();

        BundlesClassLoader(Bundle[] bundles) {
            super(null);
            for (Bundle b : bundles) {
                BundleWiring w = b.adapt(BundleWiring.class);
                if (w != null && b.getBundleId() != 0) {
                    loaders.add(w.getClassLoader());
                }
            }
        }

        @Override
        protected Class<?> findClass(String name) throws ClassNotFoundException {
            for (ClassLoader l : loaders) {
                try {
                    return l.loadClass(name);
                } catch (ClassNotFoundException | NoClassDefFoundError e) {
                    // next bundle
                }
            }
            throw new ClassNotFoundException(name);
        }

        @Override
        protected URL findResource(String name) {
            for (ClassLoader l : loaders) {
                URL u = l.getResource(name);
                if (u != null) {
                    return u;
                }
            }
            return null;
        }

        @Override
        protected Enumeration<URL> findResources(String name) throws IOException {
            List<URL> all = new ArrayList<>();
            for (ClassLoader l : loaders) {
                all.addAll(Collections.list(l.getResources(name)));
            }
            return Collections.enumeration(all);
        }
    }
}
