using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using DigiHelsestasjon.Simulators.Epj;

namespace DigiHelsestasjon.Testing.DayUnderFaults;

// The faults on their schedule, the probe that times each recovery, and the checks after the day.
public sealed partial class DayUnderFaultsScenario
{
    private readonly List<(TimeSpan At, bool Ok)> probes = [];

    private async Task FaultsAsync(CancellationToken dayEnds)
    {
        var length = options.FaultLength;
        await UntilShare(0.10);
        var killed = Begin($"platform host {cluster.HostPorts[1]} killed (kill -9), started again after {length.TotalSeconds / 2:F0} s");
        await cluster.KillHostAsync(cluster.HostPorts[1]);
        killed.Ended = clock.Elapsed;
        // Started again in the background: a host's start takes its time, and the day's next faults keep their schedule.
        var restarted = StartAgainAsync();

        await UntilShare(0.30);
        var restart = Begin("PostgreSQL restarted (fast shutdown)");
        await cluster.RestartPostgresAsync();
        restart.Ended = clock.Elapsed;

        await UntilShare(0.45);
        var vendor = families[0].Vendor;
        var journal = Begin($"the {vendor} journal silent for {length.TotalSeconds:F0} s, then slow (3 s a call) for {length.TotalSeconds:F0} s");
        await JournalFaultsAsync(vendor, new { latencyMs = 120_000 });
        await Task.Delay(length, CancellationToken.None);
        await JournalFaultsAsync(vendor, new { latencyMs = 3_000 });
        await Task.Delay(length, CancellationToken.None);
        await JournalFaultsAsync(vendor, new { });
        journal.Ended = clock.Elapsed;
        journal.Note = "recovery: until every message accepted during the fault was in the journal";

        await UntilShare(0.75);
        var channels = Begin($"SMS gateway and SMTP server refuse for {length.TotalSeconds:F0} s");
        (await simulators.PutAsJsonAsync("/simulators/sms/faults", new { transientRate = 1.0 }, CancellationToken.None)).EnsureSuccessStatusCode();
        (await simulators.PutAsJsonAsync("/simulators/email/faults", new { transient = true }, CancellationToken.None)).EnsureSuccessStatusCode();
        await Task.Delay(length, CancellationToken.None);
        (await simulators.PutAsJsonAsync("/simulators/sms/faults", new { }, CancellationToken.None)).EnsureSuccessStatusCode();
        (await simulators.PutAsJsonAsync("/simulators/email/faults", new { }, CancellationToken.None)).EnsureSuccessStatusCode();
        channels.Ended = clock.Elapsed;
        channels.EndedAt = DateTimeOffset.UtcNow;
        channels.Note = "recovery: until the first notice sent after";
        await restarted;

        async Task StartAgainAsync()
        {
            await Task.Delay(length / 2, CancellationToken.None);
            var starting = Stopwatch.StartNew();
            await cluster.StartHostAsync(cluster.HostPorts[1]);
            killed.Note = $"the host answered again {starting.Elapsed.TotalSeconds:F0} s after its start; recovery is the others' answer";
        }

        async Task UntilShare(double share)
        {
            var due = options.Duration * share;
            if (due > clock.Elapsed)
            {
                await Task.Delay(due - clock.Elapsed, CancellationToken.None);
            }
        }
    }

    private Fault Begin(string name)
    {
        var fault = new Fault(name, clock.Elapsed);
        lock (faults)
        {
            faults.Add(fault);
        }

        return fault;
    }

    private async Task JournalFaultsAsync(string vendor, object faults) =>
        (await simulators.PutAsJsonAsync($"/simulators/epj/{vendor}/faults", faults, CancellationToken.None)).EnsureSuccessStatusCode();

    /// <summary>Twice a second: does the one address answer a citizen (ready, and the first family's list)?</summary>
    private async Task ProbeAsync(CancellationToken dayEnds)
    {
        using var platform = Client(cluster.Url);
        platform.Timeout = TimeSpan.FromSeconds(5);
        var family = families[0];
        while (!dayEnds.IsCancellationRequested)
        {
            bool ok;
            try
            {
                using var list = await platform.SendAsync(Get($"/api/v1/subjects/{family.SubjectId}/appointments", family.Token), CancellationToken.None);
                ok = list.IsSuccessStatusCode;
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
            {
                ok = false;
            }

            lock (probes)
            {
                probes.Add((clock.Elapsed, ok));
            }

            await Pause(TimeSpan.FromMilliseconds(500), dayEnds);
        }
    }

    private async Task WatchJournalsAsync(CancellationToken dayEnds)
    {
        while (!dayEnds.IsCancellationRequested)
        {
            await WatchOnceAsync(CancellationToken.None);
            await Pause(TimeSpan.FromSeconds(2), dayEnds);
        }
    }

    /// <summary>When each accepted message first showed in its journal (the journals' own record, per child).</summary>
    private async Task WatchOnceAsync(CancellationToken cancellationToken)
    {
        foreach (var family in families)
        {
            var journal = await JournalOfAsync(family, cancellationToken);
            foreach (var entry in journal.GetProperty("entries").EnumerateArray())
            {
                if (entry.GetProperty("kind").GetString() == "message" && entry.TryGetProperty("conversationId", out var c) && c.ValueKind == JsonValueKind.String)
                {
                    firstJournaled.TryAdd(c.GetGuid(), clock.Elapsed);
                }
            }
        }
    }

    private async Task<JsonElement> JournalOfAsync(Family family, CancellationToken cancellationToken) =>
        await simulators.GetFromJsonAsync<JsonElement>($"/simulators/epj/{family.Vendor}/journal?pid={family.ChildPid}", cancellationToken);

    /// <summary>Waits until every queue is empty (nothing due, nothing in flight) and every accepted message is in its
    /// journal; the time it took, or null.</summary>
    private async Task<TimeSpan?> SettleAsync()
    {
        using var platform = Client(cluster.Url);
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < options.Settle)
        {
            await WatchOnceAsync(CancellationToken.None);
            var backlog = await QueuesAsync(platform);
            if (backlog is not null && backlog.All(q => q.GetProperty("due").GetInt32() == 0 && q.GetProperty("inFlight").GetInt32() == 0)
                && accepted.Keys.All(firstJournaled.ContainsKey) && await CancellationsJournaledAsync())
            {
                return waited.Elapsed;
            }

            await Task.Delay(TimeSpan.FromSeconds(2));
        }

        return null;
    }

    /// <summary>Whether every accepted cancellation has reached its journal (a retry after a silent journal waits its
    /// backoff, so an empty queue alone does not say so).</summary>
    private async Task<bool> CancellationsJournaledAsync()
    {
        foreach (var family in families)
        {
            var reasons = (await JournalOfAsync(family, CancellationToken.None)).GetProperty("entries").EnumerateArray()
                .Where(e => e.GetProperty("kind").GetString() == "cancellation").Select(e => e.GetProperty("text").GetString()).ToHashSet();
            if (cancellations.Any(c => c.Value.Family == family && !reasons.Contains(c.Key)))
            {
                return false;
            }
        }

        return true;
    }

    private async Task<List<JsonElement>?> QueuesAsync(HttpClient platform)
    {
        using var response = await platform.SendAsync(Get("/api/v1/admin/queues", operatorToken));
        return response.IsSuccessStatusCode ? (await response.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray().ToList() : null;
    }

    /// <summary>Per fault, how long from its start until the one address answered a citizen again (the probe), or, for the
    /// journal, from its end until what was accepted during it was journaled.</summary>
    private void TimeRecoveries()
    {
        foreach (var fault in faults)
        {
            if (fault.Name.Contains("journal", StringComparison.Ordinal))
            {
                var during = accepted.Where(a => a.Value.At >= fault.Started && a.Value.At <= fault.Ended).Select(a => a.Key).ToList();
                fault.Note += string.Create(CultureInfo.InvariantCulture, $"; {during.Count} messages accepted during it");
                if (during.Count > 0 && during.All(firstJournaled.ContainsKey))
                {
                    fault.Recovered = TimeSpan.FromTicks(Math.Max(0, during.Max(t => firstJournaled[t].Ticks) - fault.Ended.Ticks));
                }

                continue;
            }

            if (fault.Name.StartsWith("SMS", StringComparison.Ordinal))
            {
                continue;
            }

            lock (probes)
            {
                var next = faults.Where(f => f.Started > fault.Started).Select(f => f.Started).DefaultIfEmpty(TimeSpan.MaxValue).Min();
                var until = fault.Ended + TimeSpan.FromSeconds(60) < next ? fault.Ended + TimeSpan.FromSeconds(60) : next;
                var window = probes.Where(p => p.At >= fault.Started && p.At < until).ToList();
                var failures = window.Where(p => !p.Ok).Select(p => p.At).ToList();
                var afterLast = failures.Count == 0 ? default : window.FirstOrDefault(p => p.Ok && p.At > failures.Max());
                fault.Recovered = failures.Count == 0 ? TimeSpan.Zero : afterLast.Ok ? afterLast.At - fault.Started : null;
                fault.Note = (fault.Note.Length > 0 ? fault.Note + "; " : "") + string.Create(CultureInfo.InvariantCulture, $"{failures.Count} of {window.Count} probes failed");
            }
        }
    }
}
