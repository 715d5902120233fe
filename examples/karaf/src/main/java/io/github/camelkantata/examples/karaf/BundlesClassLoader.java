package io.github.camelkantata.examples.karaf;

import java.io.IOException;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

/**
 * What camel-karaf's bundle scanning gives Camel: a class or resource (such as a
 * {@code META-INF/services/org/apache/camel/component/<scheme>} file) is found in whichever resolved bundle holds it,
 * and a class is loaded by that bundle. Bundles are looked up at each request, so a bundle updated later is seen as it
 * is then.
 */
final class BundlesClassLoader extends ClassLoader {

    private final BundleContext context;

    BundlesClassLoader(BundleContext context) {
        super(null);
        this.context = context;
    }

    private List<Bundle> bundles() {
        List<Bundle> usable = new ArrayList<>();
        // our own bundle first: its imports decide which kantata-users and Camel classes the routes see
        usable.add(context.getBundle());
        for (Bundle b : context.getBundles()) {
            if (b.getBundleId() != 0 && b != context.getBundle()
                    && (b.getState() & (Bundle.RESOLVED | Bundle.STARTING | Bundle.ACTIVE)) != 0) {
                usable.add(b);
            }
        }
        return usable;
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        String entry = name.replace('.', '/') + ".class";
        for (Bundle b : bundles()) {
            if (b == context.getBundle() || b.getEntry(entry) != null) {
                try {
                    return b.loadClass(name);
                } catch (ClassNotFoundException | NoClassDefFoundError e) {
                    // next bundle
                }
            }
        }
        throw new ClassNotFoundException(name);
    }

    @Override
    protected URL findResource(String name) {
        for (Bundle b : bundles()) {
            URL u = b.getEntry(name);
            if (u != null) {
                return u;
            }
        }
        return null;
    }

    @Override
    protected Enumeration<URL> findResources(String name) throws IOException {
        List<URL> all = new ArrayList<>();
        for (Bundle b : bundles()) {
            URL u = b.getEntry(name);
            if (u != null) {
                all.add(u);
            }
        }
        return Collections.enumeration(all);
    }
}
