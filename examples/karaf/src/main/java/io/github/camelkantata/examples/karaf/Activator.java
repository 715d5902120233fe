package io.github.camelkantata.examples.karaf;

import java.util.Dictionary;
import java.util.Hashtable;

import org.apache.camel.CamelContext;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.ManagedService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the example's CamelContext for as long as the bundle is active and the configuration admin holds the PID
 * {@value #PID} (Karaf: etc/io.github.camelkantata.example.cfg). A changed configuration restarts the context with it;
 * a deleted one stops it. The access token reaches the component from there, never through a route URI.
 */
public final class Activator implements BundleActivator {

    /** The configuration admin PID this bundle reads. */
    public static final String PID = "io.github.camelkantata.example";

    private static final Logger LOG = LoggerFactory.getLogger(Activator.class);

    private BundleContext bundleContext;
    private ServiceRegistration<ManagedService> registration;
    private CamelContext camel;
    private boolean active;

    @Override
    public synchronized void start(BundleContext context) {
        bundleContext = context;
        active = true;
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(Constants.SERVICE_PID, PID);
        // Config Admin calls updated() on its own thread, once now and again on every change
        registration = context.registerService(ManagedService.class, this::configure, properties);
    }

    @Override
    public void stop(BundleContext context) {
        registration.unregister();
        synchronized (this) {
            active = false;
            stopCamel();
        }
    }

    private synchronized void configure(Dictionary<String, ?> configuration) {
        if (!active) {
            return; // an update that raced with stop()
        }
        stopCamel();
        if (configuration == null) {
            LOG.warn("kantata-example: no configuration for PID {}; create etc/{}.cfg with accessToken=...", PID, PID);
            return;
        }
        try {
            camel = ExampleContext.start(bundleContext, ExampleSettings.from(configuration));
            LOG.info("kantata-example: CamelContext {} started", camel.getName());
        } catch (Exception e) {
            LOG.error("kantata-example: could not start the CamelContext: {}", e.getMessage(), e);
            stopCamel();
        }
    }

    private void stopCamel() {
        if (camel != null) {
            String name = camel.getName();
            camel.stop();
            camel = null;
            LOG.info("kantata-example: CamelContext {} stopped", name);
        }
    }
}
