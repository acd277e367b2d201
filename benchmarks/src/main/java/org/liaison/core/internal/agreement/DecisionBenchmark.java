package org.liaison.core.internal.agreement;

import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.liaison.api.model.Tlp;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Decisions per second of {@link AgreementPolicy#decide(Proposal)}, on one thread, for the same two proposals under
 * the demo configuration (6 agreements, the baseline) and under 1,000 agreements
 * ({@link BenchmarkConfigurations}).
 *
 * <p>Both proposals move data from INTERPOL to UN police on 2026-11-29. The two share two agreements in both
 * configurations, {@code un-interpol-peacekeeping} and its Singapore supplement, and INTERPOL, the sender, is a
 * party to many more (219 of the 1,000, the most of any partner), so the decision itself is the same in both
 * configurations (the set-up checks it) and only the size of the configuration differs:
 * <ul>
 * <li>{@link #allow()}: information exchange for peacekeeping operations, TLP:AMBER: ALLOW under
 * {@code un-interpol-peacekeeping}, with {@code person.distinguishingMarks} removed (the supplement does not cover
 * the purpose);</li>
 * <li>{@link #deny()}: the same for counter-terrorism: DENY, with the reasons of both agreements.</li>
 * </ul>
 * {@code records} is the number of records the proposal carries: 1, as {@code liaison:check} decides, or 3 (a person
 * and a notice from the DR Congo, an incident in South Sudan), as an exchange of a few records does.
 *
 * <p>5 forks: one fork's JIT can settle 40% below another's for the whole fork (seen once in 2 forks), which 2 forks
 * would report as the mean of two modes with a wide error.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(5)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Threads(1)
public class DecisionBenchmark {

    static final LocalDate DAY = LocalDate.of(2026, 11, 29);

    @Param({BenchmarkConfigurations.DEMO, BenchmarkConfigurations.GENERATED_1000})
    public String configuration;

    @Param({"1", "3"})
    public int records;

    private AgreementPolicy policy;
    private Proposal allowed;
    private Proposal denied;

    @Setup(Level.Trial)
    public void setUp() {
        BenchmarkConfigurations.Written written = BenchmarkConfigurations.write(configuration);
        try {
            policy = BenchmarkConfigurations.policy(written);
        } finally {
            BenchmarkConfigurations.delete(written);
        }
        List<Proposal.Item> items = List.of(new Proposal.Item("person", Set.of("CD"), null),
                new Proposal.Item("notice", Set.of("CD"), null),
                new Proposal.Item("incident", Set.of("SS"), null)).subList(0, records);
        allowed = proposal("peacekeeping-operations", items);
        denied = proposal("counter-terrorism", items);
        check(policy.decide(allowed), true, "ALLOW un-interpol-peacekeeping");
        check(policy.decide(denied), false, "DENY un-interpol-peacekeeping: purpose 'counter-terrorism' is not"
                + " among its purposes [peacekeeping-operations]; un-interpol-singapore-supplement: purpose"
                + " 'counter-terrorism' is not among its purposes [post-conflict-stabilisation]");
    }

    static Proposal proposal(String purpose, List<Proposal.Item> items) {
        return new Proposal("interpol", "unpol", "information-exchange", purpose, Tlp.AMBER, DAY, null, items);
    }

    private static void check(Decision decision, boolean allowed, String summary) {
        if (decision.allowed() != allowed || !decision.summary().equals(summary)) {
            throw new IllegalStateException("expected " + summary + ", decided " + decision.summary());
        }
    }

    /** ALLOW: the returned decision is consumed by JMH, so nothing is optimised away. */
    @Benchmark
    public Decision allow() {
        return policy.decide(allowed);
    }

    /** DENY, with every reason spelt out. */
    @Benchmark
    public Decision deny() {
        return policy.decide(denied);
    }
}
