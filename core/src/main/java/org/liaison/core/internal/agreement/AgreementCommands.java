package org.liaison.core.internal.agreement;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.liaison.api.model.Agreement;
import org.liaison.api.model.AgreementStatus;
import org.liaison.api.model.Tlp;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The Gogo commands {@code liaison:agreements} (what is configured, and whether it is in force today) and
 * {@code liaison:check} (the decision for one proposed flow of data, with every reason).
 */
@Component(service = AgreementCommands.class, property = {
        "osgi.command.scope=liaison",
        "osgi.command.function=agreements",
        "osgi.command.function=check" })
public final class AgreementCommands {

    private static final String ABSENT = "\u0000absent";

    private final AgreementService service;

    @Activate
    public AgreementCommands(@Reference AgreementService service) {
        this.service = service;
    }

    @Descriptor("lists the agreements with their status today")
    public String agreements() {
        return renderAgreements(service.state(), service.directories(), LocalDate.now());
    }

    static String renderAgreements(AgreementService.State state, String directory, LocalDate today) {
        AgreementSet set = state.policy().agreementSet();
        StringBuilder text = new StringBuilder();
        if (state.loadedAt() == null) {
            text.append("No agreement configuration is in force: every exchange is denied.\n");
        } else {
            text.append(String.format("%d agreements, %d partners, %d projects from %s (loaded %s)%n"
                    + "configuration %s%n", set.agreements().size(), set.partners().size(), set.projects().size(),
                    directory, state.loadedAt(), set.hash()));
        }
        if (!state.lastRejection().isEmpty()) {
            text.append("The last edit was rejected; the configuration above stays in force:\n");
            state.lastRejection().forEach(error -> text.append("  ").append(error).append('\n'));
        }
        int width = set.agreements().keySet().stream().mapToInt(String::length).max().orElse(2);
        for (Agreement agreement : set.agreements().values()) {
            text.append(String.format("%-" + width + "s  %-26s  %-28s  %s  parties %s  areas %s%n", agreement.id(),
                    agreement.kind().id(), status(agreement, set, today), validity(agreement),
                    agreement.parties().isEmpty() ? "(as " + agreement.parent().orElse("?") + ")"
                            : String.join(",", agreement.parties()),
                    areas(agreement, set)));
        }
        if (!set.consents().isEmpty()) {
            text.append("Consents to onward transfer:\n");
            for (Consent consent : set.consents().values()) {
                text.append(consent.id()).append("  ").append(consentStatus(consent, today)).append("  ")
                        .append(consent.originator()).append(" -> ").append(consent.sender()).append(" -> ")
                        .append(consent.recipient()).append("  ").append(consent.validity().from()).append("..")
                        .append(consent.validity().until().map(Object::toString).orElse(""));
                if (!consent.recordTypes().isEmpty()) {
                    text.append("  types ").append(consent.recordTypes().stream().map(Object::toString).sorted()
                            .toList());
                }
                if (!consent.records().isEmpty()) {
                    text.append("  records ").append(new TreeSet<>(consent.records()));
                }
                if (!consent.exchanges().isEmpty()) {
                    text.append("  exchanges ").append(new TreeSet<>(consent.exchanges()));
                }
                text.append("  document: ").append(consent.document()).append('\n');
            }
        }
        return text.toString().stripTrailing();
    }

    private static String consentStatus(Consent consent, LocalDate today) {
        if (consent.withdrawn()) {
            return "withdrawn";
        }
        if (consent.inForce(today)) {
            return "in force";
        }
        return consent.validity().from().isAfter(today) ? "not yet in force" : "expired";
    }

    /** The areas, each one-way area with its ways: {@code information-exchange,database-access(interpol->unpol)}. */
    private static String areas(Agreement agreement, AgreementSet set) {
        List<String> areas = new ArrayList<>();
        for (var area : agreement.areas()) {
            List<String> ways = set.directions(agreement.id()).stream()
                    .filter(direction -> direction.area() == area).map(direction -> direction.text().replace(" ", ""))
                    .toList();
            areas.add(ways.isEmpty() ? area.id() : area.id() + "(" + String.join(";", ways) + ")");
        }
        return String.join(",", areas);
    }

    private static String status(Agreement agreement, AgreementSet set, LocalDate today) {
        String own = ownStatus(agreement, today);
        if (!own.equals("in force")) {
            return own;
        }
        for (Agreement parent = agreement.parent().flatMap(set::agreement).orElse(null); parent != null;
                parent = parent.parent().flatMap(set::agreement).orElse(null)) {
            if (!ownStatus(parent, today).equals("in force")) {
                return "not in force (parent " + ownStatus(parent, today) + ")";
            }
        }
        return own;
    }

    private static String ownStatus(Agreement agreement, LocalDate today) {
        if (agreement.status() != AgreementStatus.IN_FORCE) {
            return agreement.status() == AgreementStatus.SIGNED ? "signed, not in force" : agreement.status().id();
        }
        if (today.isBefore(agreement.validity().from())) {
            return "not yet in force";
        }
        if (agreement.validity().until().map(today::isAfter).orElse(false)) {
            return "expired";
        }
        return "in force";
    }

    private static String validity(Agreement agreement) {
        return agreement.validity().from() + ".." + agreement.validity().until().map(Object::toString).orElse("");
    }

    @Descriptor("explains the decision for data moving from one partner to another")
    public String check(
            @Descriptor("partner the data moves from") @Parameter(names = "--from", absentValue = ABSENT) String from,
            @Descriptor("partner the data moves to") @Parameter(names = "--to", absentValue = ABSENT) String to,
            @Descriptor("cooperation area") @Parameter(names = "--area", absentValue = ABSENT) String area,
            @Descriptor("purpose") @Parameter(names = "--purpose", absentValue = ABSENT) String purpose,
            @Descriptor("record type") @Parameter(names = "--type", absentValue = ABSENT) String type,
            @Descriptor("ISO 3166 alpha-2 or alpha-3 country the record relates to")
            @Parameter(names = "--country", absentValue = ABSENT) String country,
            @Descriptor("TLP marking, default TLP:AMBER") @Parameter(names = "--marking", absentValue = ABSENT)
            String marking,
            @Descriptor("exchange date yyyy-mm-dd, default today") @Parameter(names = "--date", absentValue = ABSENT)
            String date,
            @Descriptor("partner the data first came from, when the sender passes it on")
            @Parameter(names = "--originator", absentValue = ABSENT) String originator,
            @Descriptor("ids of the records passed on, comma-separated, for consents limited to records")
            @Parameter(names = "--records", absentValue = ABSENT) String records,
            @Descriptor("id of the exchange passed on, for consents limited to exchanges")
            @Parameter(names = "--exchange", absentValue = ABSENT) String exchange) {
        List<String> missing = new ArrayList<>();
        for (String[] option : new String[][] { { "--from", from }, { "--to", to }, { "--area", area },
                { "--purpose", purpose }, { "--type", type } }) {
            if (ABSENT.equals(option[1]) || option[1].isBlank()) {
                missing.add(option[0]);
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("liaison:check needs " + String.join(", ", missing) + ": usage:"
                    + " liaison:check --from <partner> --to <partner> --area <area> --purpose <purpose>"
                    + " --type <record type> [--country <ISO alpha-2 or alpha-3>] [--marking <TLP:...>]"
                    + " [--date <yyyy-mm-dd>] [--originator <partner> [--records <id,...>] [--exchange <id>]]");
        }
        Set<String> countries = Set.of();
        if (!ABSENT.equals(country)) {
            countries = Set.of(Countries.toAlpha2(country).orElseThrow(() -> new IllegalArgumentException(
                    "--country " + country + ": expected an ISO 3166 alpha-2 or alpha-3 country code such as GH"
                            + " or GHA")));
        }
        Tlp tlp = Tlp.AMBER;
        if (!ABSENT.equals(marking)) {
            try {
                tlp = Tlp.fromId(marking);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--marking " + marking + ": " + e.getMessage(), e);
            }
        }
        LocalDate day = LocalDate.now();
        if (!ABSENT.equals(date)) {
            try {
                day = LocalDate.parse(date);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("--date " + date + ": expected a date like 2026-11-29", e);
            }
        }
        Set<String> recordIds = ABSENT.equals(records) ? Set.of() : Set.of(records.split(" *, *"));
        Proposal proposal = new Proposal(from, to, area, purpose, tlp, day,
                ABSENT.equals(originator) ? null : originator, List.of(new Proposal.Item(type, countries, null)),
                ABSENT.equals(exchange) ? null : exchange, recordIds);
        AgreementPolicy policy = service.policy();
        Decision decision = policy.decide(proposal);
        return render(decision, decision.allowed() ? policy.directionsOf(decision.agreements(), area) : List.of());
    }

    static String render(Decision decision) {
        return render(decision, List.of());
    }

    /** The decision, with the one-way provisions an ALLOW went by. */
    static String render(Decision decision, List<String> directions) {
        StringBuilder text = new StringBuilder(decision.summary());
        if (decision.allowed()) {
            directions.forEach(direction -> text.append("\n  one way: ").append(direction));
            decision.removedFields().forEach(field -> text.append("\n  removes ").append(field));
        } else if (decision.reasons().size() > 1) {
            decision.reasons().forEach(reason -> text.append("\n  - ").append(reason));
        }
        return text.toString();
    }
}
