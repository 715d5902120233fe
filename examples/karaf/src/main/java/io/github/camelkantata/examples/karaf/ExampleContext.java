package io.github.camelkantata.examples.karaf;

import io.github.camelkantata.users.KantataUsersComponent;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.osgi.framework.BundleContext;

/** Builds and starts the example's CamelContext inside the OSGi container. */
final class ExampleContext {

    private ExampleContext() {
    }

    static CamelContext start(BundleContext bundles, ExampleSettings settings) throws Exception {
        // Without camel-karaf nothing scans bundles for Camel's service files (components, languages, type
        // converters): the context's class loader does, through the bundles installed now
        ClassLoader loader = new BundlesClassLoader(bundles);
        Thread thread = Thread.currentThread();
        ClassLoader before = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        try {
            DefaultCamelContext camel = new DefaultCamelContext();
            camel.getCamelContextExtension().setName("kantata-example");
            camel.setApplicationContextClassLoader(loader);
            KantataUsersComponent kantata = new KantataUsersComponent();
            kantata.getConfiguration().setAccessToken(settings.accessToken());
            if (settings.baseUrl() != null) {
                kantata.getConfiguration().setBaseUrl(settings.baseUrl());
            }
            camel.addComponent("kantata-users", kantata);
            camel.addRoutes(new ExampleRoutes(settings));
            camel.start();
            return camel;
        } finally {
            thread.setContextClassLoader(before);
        }
    }
}
