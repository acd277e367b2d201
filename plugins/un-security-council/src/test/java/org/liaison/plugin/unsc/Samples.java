package org.liaison.plugin.unsc;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.liaison.api.format.Decoded;
import org.liaison.api.format.FormatException;
import org.liaison.api.format.PartnerFormat;
import org.liaison.api.transport.Payload;

/** The real sample, and variants of it made by changing one listing. */
final class Samples {

    static final String REAL = "consolidated_2020-03-20.xml";
    private static final Pattern INDIVIDUAL = Pattern.compile("<INDIVIDUAL>.*?</INDIVIDUAL>", Pattern.DOTALL);

    private Samples() {
    }

    static byte[] resource(String name) {
        try (InputStream in = Samples.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("test resource " + name + " is missing");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] real() {
        return resource(REAL);
    }

    static String realText() {
        return new String(real(), StandardCharsets.UTF_8);
    }

    /** The real sample with its n-th INDIVIDUAL (1-based) changed. */
    static String withIndividual(int n, UnaryOperator<String> change) {
        String text = realText();
        Matcher matcher = INDIVIDUAL.matcher(text);
        for (int i = 0; i < n; i++) {
            if (!matcher.find()) {
                throw new IllegalArgumentException("no INDIVIDUAL " + n);
            }
        }
        String changed = change.apply(matcher.group());
        if (changed.equals(matcher.group())) {
            throw new IllegalArgumentException("the change did not change INDIVIDUAL " + n);
        }
        return text.substring(0, matcher.start()) + changed + text.substring(matcher.end());
    }

    /** Every INDIVIDUAL element of the real sample, as text. */
    static List<String> individuals() {
        List<String> all = new ArrayList<>();
        Matcher matcher = INDIVIDUAL.matcher(realText());
        while (matcher.find()) {
            all.add(matcher.group());
        }
        return all;
    }

    static Decoded decode(PartnerFormat format, String name, byte[] bytes) throws FormatException {
        return Decoded.decode(format, Payload.ofBytes("unsc", name, bytes));
    }

    static Decoded decode(PartnerFormat format, String name, String text) throws FormatException {
        return decode(format, name, text.getBytes(StandardCharsets.UTF_8));
    }
}
