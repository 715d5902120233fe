package io.github.camelkantata.users.quarkus.deployment;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

import io.quarkus.deployment.annotations.BuildProducer;
import io.quarkus.deployment.annotations.BuildStep;
import io.quarkus.deployment.builditem.CombinedIndexBuildItem;
import io.quarkus.deployment.builditem.ExtensionSslNativeSupportBuildItem;
import io.quarkus.deployment.builditem.FeatureBuildItem;
import io.quarkus.deployment.builditem.IndexDependencyBuildItem;
import io.quarkus.deployment.builditem.nativeimage.NativeImageResourceBuildItem;
import io.quarkus.deployment.builditem.nativeimage.NativeImageResourcePatternsBuildItem;
import io.quarkus.deployment.builditem.nativeimage.ReflectiveClassBuildItem;
import io.quarkus.deployment.builditem.nativeimage.RuntimeInitializedClassBuildItem;
import org.jboss.jandex.ClassInfo;
import org.jboss.jandex.DotName;
import org.jboss.jandex.IndexView;

/**
 * What a native image of an application using {@code kantata-users:} needs beyond what camel-quarkus-core registers for
 * every component. Each registration names the code that reaches the class or resource at run time, so that a change
 * there can be checked against this list (the deployment test asserts it).
 */
class CamelKantataUsersProcessor {

    static final String FEATURE = "camel-kantata-users";

    static final String GROUP_ID = "io.github.camelkantata";
    static final String ARTIFACT_ID = "camel-kantata-users";

    static final String PACKAGE = "io.github.camelkantata.users";
    static final String MODEL_PACKAGE = PACKAGE + ".model";
    static final DotName USERS_EXCEPTION = DotName.createSimple(PACKAGE + ".KantataUsersException");

    /**
     * Loaded by name through Camel's FactoryFinder (META-INF/services/org/apache/camel/...): instantiated reflectively.
     */
    static final List<String> FACTORY_CLASSES = List.of(
            PACKAGE + ".KantataUsersComponent",
            PACKAGE + ".KantataUsersComponentConfigurer",
            PACKAGE + ".KantataUsersEndpointConfigurer",
            PACKAGE + ".KantataUsersEndpointUriFactory");

    /**
     * Bound by property name: the component's and endpoint's options (camel.component.kantata-users.* and nested
     * options go through getters and setters when a configurer does not cover a property path), and the list filters,
     * which {@code ListFilterSupport} reads with {@code getDeclaredFields()} and {@code Field.get}.
     */
    static final List<String> BEAN_CLASSES = List.of(
            PACKAGE + ".KantataUsersComponent",
            PACKAGE + ".KantataUsersEndpoint",
            PACKAGE + ".KantataUsersConfiguration",
            PACKAGE + ".KantataUsersListFilters",
            PACKAGE + ".KantataUsersOperation");

    /** {@code HttpTransport} looks {@code disableContentCompression} up by name (it exists from HttpClient 5.6 on). */
    static final String ASYNC_CLIENT_BUILDER = "org.apache.hc.client5.http.impl.async.HttpAsyncClientBuilder";

    /** {@code MicrometerMeters} probes for Micrometer with {@code Class.forName}. */
    static final String METER_REGISTRY = "io.micrometer.core.instrument.MeterRegistry";

    /**
     * Holds a {@code SecureRandom} in a static field (found by scanning the static initialisers of the component's and
     * HttpClient 5's classes); HttpAsyncClientBuilder registers the NTLM scheme by default, so it is reachable.
     * Initialised at build time, its seed would be frozen into the image.
     */
    static final List<String> RUNTIME_INITIALIZED = List.of(
            "org.apache.hc.client5.http.impl.auth.NTLMEngineImpl");

    /**
     * Read through the class loader: Camel's FactoryFinder, the runtime catalog, and the Kamelets shipped in the jar.
     */
    static final List<String> RESOURCES = List.of(
            "META-INF/services/org/apache/camel/component/kantata-users",
            "META-INF/services/org/apache/camel/configurer/kantata-users-component",
            "META-INF/services/org/apache/camel/configurer/kantata-users-endpoint",
            "META-INF/services/org/apache/camel/configurer/" + PACKAGE + ".KantataUsersComponent",
            "META-INF/services/org/apache/camel/configurer/" + PACKAGE + ".KantataUsersEndpoint",
            "META-INF/services/org/apache/camel/urifactory/kantata-users-endpoint",
            "META-INF/services/org/apache/camel/component.properties",
            "META-INF/io/github/camelkantata/users/kantata-users.json");

    static final String KAMELETS_PATTERN = "kamelets/kantata-users-.*\\.kamelet\\.yaml";

    @BuildStep
    FeatureBuildItem feature() {
        return new FeatureBuildItem(FEATURE);
    }

    /** The component's classes in the combined index, whichever way the application brings the jar. */
    @BuildStep
    IndexDependencyBuildItem indexComponent() {
        return new IndexDependencyBuildItem(GROUP_ID, ARTIFACT_ID);
    }

    /** The component calls Kantata over HTTPS. */
    @BuildStep
    ExtensionSslNativeSupportBuildItem sslNativeSupport() {
        return new ExtensionSslNativeSupportBuildItem(FEATURE);
    }

    @BuildStep
    void reflection(CombinedIndexBuildItem combinedIndex, BuildProducer<ReflectiveClassBuildItem> reflective) {
        IndexView index = combinedIndex.getIndex();

        // Jackson binds the model (User, its linked types, KantataError, UserPage) through getters, setters,
        // constructors and the @JsonAnySetter maps that keep unknown fields.
        reflective.produce(ReflectiveClassBuildItem.builder(modelClasses(index).toArray(String[]::new))
                .constructors().methods().fields().build());

        // Exceptions are named in YAML/XML routes (onException, doCatch) and resolved by class name.
        List<String> exceptions = new ArrayList<>();
        exceptions.add(USERS_EXCEPTION.toString());
        index.getAllKnownSubclasses(USERS_EXCEPTION).forEach(c -> exceptions.add(c.name().toString()));
        reflective.produce(ReflectiveClassBuildItem.builder(exceptions.toArray(String[]::new))
                .constructors().methods().build());

        reflective.produce(ReflectiveClassBuildItem.builder(FACTORY_CLASSES.toArray(String[]::new))
                .constructors().build());
        reflective.produce(ReflectiveClassBuildItem.builder(BEAN_CLASSES.toArray(String[]::new))
                .constructors().methods().fields().build());
        reflective.produce(ReflectiveClassBuildItem.builder(ASYNC_CLIENT_BUILDER).methods().build());
        if (index.getClassByName(DotName.createSimple(METER_REGISTRY)) != null || onClassPath(METER_REGISTRY)) {
            reflective.produce(ReflectiveClassBuildItem.builder(METER_REGISTRY).build());
        }
    }

    @BuildStep
    void resources(
            BuildProducer<NativeImageResourceBuildItem> resources,
            BuildProducer<NativeImageResourcePatternsBuildItem> patterns) {
        resources.produce(new NativeImageResourceBuildItem(RESOURCES));
        patterns.produce(NativeImageResourcePatternsBuildItem.builder().includePattern(KAMELETS_PATTERN).build());
    }

    @BuildStep
    void runtimeInitialized(BuildProducer<RuntimeInitializedClassBuildItem> runtimeInitialized) {
        RUNTIME_INITIALIZED.forEach(c -> runtimeInitialized.produce(new RuntimeInitializedClassBuildItem(c)));
    }

    static TreeSet<String> modelClasses(IndexView index) {
        TreeSet<String> names = new TreeSet<>();
        for (ClassInfo c : index.getClassesInPackage(DotName.createSimple(MODEL_PACKAGE))) {
            names.add(c.name().toString());
        }
        if (names.isEmpty()) {
            throw new IllegalStateException(
                    "camel-kantata-users: no class of " + MODEL_PACKAGE
                                            + " in the Jandex index; is " + GROUP_ID + ":" + ARTIFACT_ID
                                            + " on the class path?");
        }
        return names;
    }

    private static boolean onClassPath(String className) {
        try {
            Class.forName(className, false, Thread.currentThread().getContextClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
