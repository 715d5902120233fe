/**
 * An embedded, faithful fake of the Kantata OX Users API for route tests: start a
 * {@link io.github.camelkantata.users.sandbox.KantataSandbox}, point the component at its {@code baseUrl()} with its
 * {@code token()}, and shape the data and faults from the test.
 *
 * <p>
 * The sandbox follows the vendor notes: the users envelope with {@code results} as the authoritative list, side-loading
 * with {@code include}, {@code optional_fields}, visibility rules for admins and collaborators, paging with
 * {@code page/per_page} and {@code limit/offset}, Kantata error bodies, capacity, and multipart profile-photo upload.
 * It uses only the JDK HTTP server and Jackson.
 */
package io.github.camelkantata.users.sandbox;
