package org.liaison.api.record;

import java.util.Objects;
import java.util.Optional;

/**
 * A point on Earth in decimal degrees of WGS 84, as GPS and most sources give it.
 *
 * <p>Instances are immutable and valid: the latitude is from -90 to 90 and the longitude from -180 to 180, both
 * included and both required; the precision is not negative when set.
 */
public final class GeoPoint {

    private final double latitude;
    private final double longitude;
    private final Integer precision;

    private GeoPoint(Builder builder) {
        Checks checks = Checks.of("GeoPoint");
        this.precision = builder.precision;
        double latitude = checks.required("latitude", builder.latitude);
        double longitude = checks.required("longitude", builder.longitude);
        if (!(latitude >= -90 && latitude <= 90)) {
            throw checks.invalid("latitude", "must be from -90 to 90 degrees", latitude);
        }
        if (!(longitude >= -180 && longitude <= 180)) {
            throw checks.invalid("longitude", "must be from -180 to 180 degrees", longitude);
        }
        if (builder.precision != null && builder.precision < 0) {
            throw checks.invalid("precision", "must not be negative", builder.precision);
        }
        this.latitude = latitude;
        this.longitude = longitude;
    }

    /** A new builder with nothing set. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding the fields of this value, to derive a changed copy. */
    public Builder toBuilder() {
        Builder builder = new Builder();
        builder.latitude = latitude;
        builder.longitude = longitude;
        builder.precision = precision;
        return builder;
    }

    /** The latitude in decimal degrees (WGS 84), from -90 (south) to 90 (north). */
    public double latitude() {
        return latitude;
    }

    /** The longitude in decimal degrees (WGS 84), from -180 (west) to 180 (east). */
    public double longitude() {
        return longitude;
    }

    /**
     * How precise the point is, in the source's own scale; ACLED, for example, uses 1 for the exact location, 2 for a
     * nearby location and 3 for the region. Not negative.
     */
    public Optional<Integer> precision() {
        return Optional.ofNullable(precision);
    }

    /** Two geo points are equal when all their fields are equal. */
    @Override
    public boolean equals(Object o) {
        return o instanceof GeoPoint other && Double.compare(latitude, other.latitude) == 0
                && Double.compare(longitude, other.longitude) == 0 && Objects.equals(precision, other.precision);
    }

    @Override
    public int hashCode() {
        return Objects.hash(latitude, longitude, precision);
    }

    /** Latitude and longitude, for example {@code 12.65,-8.0}, followed by {@code ~precision} when known. */
    @Override
    public String toString() {
        return latitude + "," + longitude + (precision == null ? "" : " ~" + precision);
    }

    /** Builds a {@link GeoPoint}; {@link #build()} validates. */
    public static final class Builder {

        private Double latitude;
        private Double longitude;
        private Integer precision;

        private Builder() {
        }

        /** The latitude in decimal degrees, -90 to 90; required. */
        public Builder latitude(Double latitude) {
            this.latitude = latitude;
            return this;
        }

        /** The longitude in decimal degrees, -180 to 180; required. */
        public Builder longitude(Double longitude) {
            this.longitude = longitude;
            return this;
        }

        /** How precise the point is in the source's scale, not negative, or null (the default). */
        public Builder precision(Integer precision) {
            this.precision = precision;
            return this;
        }

        /**
         * Builds the value.
         *
         * @throws IllegalArgumentException naming the value and the field that is missing or breaks a rule of the
         *                                  {@link GeoPoint class description}
         */
        public GeoPoint build() {
            return new GeoPoint(this);
        }
    }
}
