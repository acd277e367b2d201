package org.liaison.core.internal.agreement;

import java.util.Set;
import java.util.TreeSet;

import org.liaison.api.record.Charge;
import org.liaison.api.record.DataRecord;
import org.liaison.api.record.Incident;
import org.liaison.api.record.Notice;
import org.liaison.api.record.Organisation;
import org.liaison.api.record.Person;
import org.liaison.api.record.SanctionListing;
import org.liaison.api.record.Seizure;

/**
 * The countries a record relates to, as ISO alpha-2 codes, for checking an agreement's geographic scope: where a
 * seizure was made or an incident happened, who requested a notice, a person's nationalities and country of birth,
 * an organisation's jurisdiction. Records that name no country (threat indicators, ownership relations) relate to
 * none, and are outside any agreement that has a geographic scope.
 */
final class RecordCountries {

    private RecordCountries() {
    }

    static Set<String> of(DataRecord record) {
        Set<String> countries = new TreeSet<>();
        collect(record, countries);
        return countries;
    }

    private static void collect(Object record, Set<String> countries) {
        if (record instanceof Seizure seizure) {
            add(seizure.countryCode(), countries);
        } else if (record instanceof Incident incident) {
            incident.countryCode().ifPresent(code -> add(code, countries));
        } else if (record instanceof Person person) {
            person.nationalities().forEach(code -> add(code, countries));
            person.countryOfBirth().ifPresent(code -> add(code, countries));
        } else if (record instanceof Organisation organisation) {
            organisation.jurisdiction().ifPresent(code -> add(code, countries));
        } else if (record instanceof Notice notice) {
            notice.requestingCountries().forEach(code -> add(code, countries));
            for (Charge charge : notice.charges()) {
                charge.country().ifPresent(code -> add(code, countries));
            }
            collect(notice.subject(), countries);
        } else if (record instanceof SanctionListing listing) {
            listing.person().ifPresent(person -> collect(person, countries));
            listing.organisation().ifPresent(organisation -> collect(organisation, countries));
        }
    }

    private static void add(String code, Set<String> countries) {
        Countries.toAlpha2(code).ifPresent(countries::add);
    }
}
