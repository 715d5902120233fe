package io.github.camelkantata.users.model;

import java.util.List;

/**
 * One page of {@code GET /users}: the users named by {@code results}, in that order, plus the paging totals.
 *
 * @param users      the users of this page in the order of {@code results}; side-loaded users are never listed here
 * @param count      the API's {@code count}: how many users match the whole query
 * @param pageCount  {@code meta.page_count}
 * @param pageNumber {@code meta.page_number}
 * @param pageSize   {@code meta.page_size}
 */
public record UserPage(List<User> users, int count, int pageCount, int pageNumber, int pageSize) {
}
