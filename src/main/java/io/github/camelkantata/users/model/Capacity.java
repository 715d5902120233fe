package io.github.camelkantata.users.model;

import java.time.LocalDate;
import java.util.Collections;
import java.util.NavigableMap;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;

/**
 * A user's work capacity over a date range, from {@code GET /users/{id}/capacity}.
 * <p>
 * {@link #getHours()} maps each date Kantata returned to the capacity in hours on that date, in date order.
 * <p>
 * The dates are written as ISO strings by any Jackson mapper (camel-jackson's {@code marshal().json()} included), so
 * routes and the capacity Kamelet can marshal it without registering the jsr310 module.
 */
public final class Capacity {

    private final String userId;
    private final LocalDate startDate;
    private final LocalDate endDate;
    private final NavigableMap<LocalDate, Double> hours;

    /**
     * @param userId    the user the capacity belongs to
     * @param startDate the first date of the range
     * @param endDate   the last date of the range
     * @param hours     capacity in hours per date
     */
    public Capacity(String userId, LocalDate startDate, LocalDate endDate, java.util.Map<LocalDate, Double> hours) {
        this.userId = userId;
        this.startDate = startDate;
        this.endDate = endDate;
        this.hours = Collections.unmodifiableNavigableMap(new TreeMap<>(hours));
    }

    /** @return the user the capacity belongs to */
    public String getUserId() {
        return userId;
    }

    /** @return {@code start_date}: the first date of the range */
    @JsonSerialize(using = ToStringSerializer.class)
    public LocalDate getStartDate() {
        return startDate;
    }

    /** @return {@code end_date}: the last date of the range */
    @JsonSerialize(using = ToStringSerializer.class)
    public LocalDate getEndDate() {
        return endDate;
    }

    /** @return capacity in hours per date, in date order (unmodifiable) */
    public NavigableMap<LocalDate, Double> getHours() {
        return hours;
    }

    /** @return the sum of the hours over the range */
    public double getTotalHours() {
        return hours.values().stream().mapToDouble(Double::doubleValue).sum();
    }

    @Override
    public String toString() {
        return "Capacity[userId=" + userId + ", " + startDate + ".." + endDate + ", days=" + hours.size()
               + ", totalHours=" + getTotalHours() + "]";
    }
}
