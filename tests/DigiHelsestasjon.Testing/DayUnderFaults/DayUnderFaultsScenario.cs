using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using DigiHelsestasjon.Simulators.Epj;

namespace DigiHelsestasjon.Testing.DayUnderFaults;

/// <summary>How long the day lasts and how many people live it. The faults come at fixed shares of the day.</summary>
public sealed record DayUnderFaultsOptions
{
    public TimeSpan Duration { get; init; } = TimeSpan.FromMinutes(10);

    public int Guardians { get; init; } = 4;

    public int YouthChats { get; init; } = 2;

    /// <summary>How long the journal stays silent, then slow, and how long SMS and SMTP refuse: a minute in the full day,
    /// shorter in a short one.</summary>
    public TimeSpan FaultLength => TimeSpan.FromSeconds(Math.Min(60, Duration.TotalSeconds / 8));

    /// <summary>How long, after the day, everything accepted may take to reach its end (journals, queues).</summary>
    public TimeSpan Settle { get; init; } = TimeSpan.FromMinutes(3);
}

/// <summary>What the day showed: the report (Markdown), and every broken promise found afterwards.</summary>
public sealed record DayUnderFaultsResult(string Report, IReadOnlyList<string> Violations);

/// <summary>A day under faults (issue 33): guardians read and write, journals book, move, cancel and answer, youths chat
/// with nurses, all through nginx to three platform hosts, while a host is killed, the database restarts, a journal goes
/// silent and then slow, and SMS and e-mail refuse. Afterwards it checks from the journals' and the platform's own records
/// that each accepted thing happened exactly once and that what citizens see matches the journals.</summary>
public sealed partial class DayUnderFaultsScenario(Cluster cluster, DayUnderFaultsOptions options)
{
    private readonly RouteStats stats = new();
    private readonly List<Fault> faults = [];
    private readonly ConcurrentBag<string> violations = [];
    private readonly Stopwatch clock = new();
    private readonly List<Family> families = [];
    private readonly ConcurrentDictionary<Guid, AcceptedMessage> accepted = new();
    private readonly ConcurrentDictionary<string, AcceptedCancellation> cancellations = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> journalMessages = new(StringComparer.Ordinal);
    private readonly ConcurrentBag<ChatOutcome> chats = [];
    private readonly ConcurrentDictionary<Guid, TimeSpan> firstJournaled = new();
    private HttpClient simulators = null!;
    private string operatorToken = "";

    private sealed record Family(string GuardianPid, string ChildPid, string ChildName, Guid SubjectId, string Vendor, Guid UnitId, string Token)
    {
        /// <summary>The journal's ids of the appointments this day booked for the child.</summary>
        public ConcurrentDictionary<string, bool> Booked { get; } = new(StringComparer.Ordinal);
    }

    private sealed record AcceptedMessage(Family Family, string Body, TimeSpan At);

    private sealed record AcceptedCancellation(Family Family, DateTimeOffset Start, TimeSpan At, Guid AppointmentId);

    private sealed record ChatOutcome(Guid ConversationId, string Token, IReadOnlyList<string> YouthTexts, IReadOnlyList<string> NurseTexts, int StreamResumes, TimeSpan? AnswerSeenAfter);

    private sealed record Fault(string Name, TimeSpan Started)
    {
        public TimeSpan Ended { get; set; }

        public TimeSpan? Recovered { get; set; }

        /// <summary>The wall clock at the end, to compare with the simulators' records.</summary>
        public DateTimeOffset EndedAt { get; set; }

        public string Note { get; set; } = "";
    }

    public static async Task<DayUnderFaultsResult> RunAsync(string configuration, DayUnderFaultsOptions options)
    {
        await using var cluster = await Cluster.UpAsync(configuration);
        var scenario = new DayUnderFaultsScenario(cluster, options);
        try
        {
            return await scenario.RunAsync();
        }
        catch (Exception exception)
        {
            throw new InvalidOperationException($"The day under faults stopped: {exception.Message}\n{cluster.LogTails()}", exception);
        }
    }

    private async Task<DayUnderFaultsResult> RunAsync()
    {
        using var sims = Client(cluster.SimulatorsUrl);
        simulators = sims;
        await PrepareAsync();

        clock.Start();
        using var dayEnds = new CancellationTokenSource(options.Duration);
        var probe = ProbeAsync(dayEnds.Token);
        var watcher = WatchJournalsAsync(dayEnds.Token);
        var actors = families.Select(f => Guard("a guardian", GuardianAsync(f, dayEnds.Token)))
            .Concat(families.Select(f => Guard("a journal", JournalAsync(f, dayEnds.Token))))
            .Concat(Enumerable.Range(0, options.YouthChats).Select(i => Guard("a youth", YouthChatsAsync(i, dayEnds.Token))))
            .Append(Guard("the faults", FaultsAsync(dayEnds.Token)))
            .Append(Guard("a youth in a long conversation", LongConversationAsync(dayEnds.Token)))
            .Append(Guard("the journal cancelling a reminded appointment", CancelRemindedAsync()))
            .ToList();
        await Task.WhenAll(actors);
        await probe;

        var settled = await SettleAsync();
        if (settled is null)
        {
            violations.Add($"Not everything accepted had reached its end {options.Settle.TotalSeconds:F0} s after the day (queues, journals).");
        }

        using var final = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await WatchOnceAsync(final.Token);
        await watcher;
        await CheckAsync();
        await CheckRemindersAsync();
        TimeRecoveries();
        return new DayUnderFaultsResult(Report(settled), violations.Order(StringComparer.Ordinal).ToList());
    }

    /// <summary>An actor that fails stops, and says why; the others and the checks go on.</summary>
    private async Task Guard(string who, Task actor)
    {
        try
        {
            await actor;
        }
        catch (Exception exception)
        {
            violations.Add($"{who} stopped at {clock.Elapsed.TotalSeconds:F0} s: {exception.GetType().Name}: {exception.Message} {exception.StackTrace?.Split('\n').FirstOrDefault()?.Trim()}");
        }
    }

    /// <summary>The guardians of the register's families, each with the first child, the child's municipality's health
    /// station and its journal; the journal books four appointments for each child, and the day starts once the platform
    /// shows them.</summary>
    private async Task PrepareAsync()
    {
        var personas = await simulators.GetFromJsonAsync<JsonElement>("/simulators/folkeregisteret/personas");
        var candidates = personas.EnumerateArray()
            .Where(p => p.GetProperty("children").GetArrayLength() > 0)
            .Select(p => (Guardian: p.GetProperty("pid").GetString()!, Child: p.GetProperty("children")[0].GetString()!))
            .ToList();
        using var platform = Client(cluster.Url);
        foreach (var (guardian, child) in candidates)
        {
            if (families.Count == options.Guardians)
            {
                break;
            }

            if (families.Any(f => f.ChildPid == child))
            {
                continue; // one guardian per child: a second parent's cancellation of the same time is the first one's
            }

            var person = await simulators.GetFromJsonAsync<JsonElement>($"/simulators/folkeregisteret/persons/{child}");
            var kommunenummer = person.TryGetProperty("kommunenummer", out var k) ? k.GetString() : null;
            var municipality = EpjDemoData.Municipalities.FirstOrDefault(m => m.Kommunenummer == kommunenummer);
            var birth = DateOnly.Parse(person.GetProperty("birthDate").GetString()!, CultureInfo.InvariantCulture);
            if (municipality is null || birth < DateOnly.FromDateTime(DateTime.UtcNow).AddYears(-11))
            {
                continue;
            }

            var token = await Citizens.TokenAsync(simulators, guardian);
            var me = await UntilAsync(async () =>
            {
                using var request = Get("/api/v1/me", token);
                using var response = await platform.SendAsync(request);
                return response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<JsonElement>() : (JsonElement?)null;
            }, "the guardian's /api/v1/me");
            var name = person.GetProperty("name").GetString()!;
            var representation = me.GetProperty("representations").EnumerateArray().FirstOrDefault(r => r.GetProperty("name").GetString() == name);
            if (representation.ValueKind != JsonValueKind.Object)
            {
                continue;
            }

            families.Add(new Family(guardian, child, name, representation.GetProperty("subjectId").GetGuid(), municipality.Vendor.Vendor, municipality.Units[0].UnitId, token));
        }

        if (families.Count == 0)
        {
            throw new InvalidOperationException("No family of the register has a child under 11 in a demo municipality that the platform lists.");
        }

        foreach (var family in families)
        {
            for (var i = 0; i < 4; i++)
            {
                await BookAsync(family);
            }
        }

        foreach (var family in families)
        {
            await UntilAsync(async () => (await PlatformAppointmentsAsync(platform, family))?.Count(a => a.Status != "cancelled") >= family.Booked.Count ? true : (bool?)null,
                "the journal's first appointments on the platform");
        }

        operatorToken = await StaffTokenAsync("operator", []);
        await PlanRemindersAsync();
    }

    private static int slotCounter;

    /// <summary>A unique start per booking (a weekday 10-30 days ahead, on a quarter hour): the platform's list and the
    /// journal's are matched by it.</summary>
    private static DateTimeOffset NextStart()
    {
        var n = Interlocked.Increment(ref slotCounter);
        var day = DateTimeOffset.UtcNow.Date.AddDays(10);
        for (var workdays = n / 28; workdays > 0 || day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;)
        {
            day = day.AddDays(1);
            if (day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday))
            {
                workdays--;
            }
        }

        return new DateTimeOffset(day.AddHours(7).AddMinutes(15 * (n % 28)), TimeSpan.Zero);
    }

    private async Task BookAsync(Family family) => family.Booked[await BookAtAsync(family, NextStart())] = true;

    private async Task<string> BookAtAsync(Family family, DateTimeOffset start)
    {
        using var response = await simulators.PostAsJsonAsync($"/simulators/epj/{family.Vendor}/appointments",
            new { pid = family.ChildPid, unitId = family.UnitId, start, type = "Konsultasjon" });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("appointmentId").GetString()!;
    }

    private static HttpClient Client(string url, System.Net.IPAddress? from = null) =>
        new(new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromSeconds(10),

            // A youth's own address on loopback (127.0.x.y): nginx forwards it, and the hosts trust nginx for it.
            ConnectCallback = from is null ? null : async (context, cancellationToken) =>
            {
                var socket = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    socket.Bind(new System.Net.IPEndPoint(from, 0));
                    await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                    return new System.Net.Sockets.NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        })
        { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(30) };

    private static HttpRequestMessage Get(string path, string token)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return request;
    }

    private static HttpRequestMessage Post(string path, string token, object? body, string? idempotencyKey = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        return request;
    }

    private async Task<string> StaffTokenAsync(string role, IEnumerable<Guid> units)
    {
        var form = new List<KeyValuePair<string, string>> { new("grant_type", "urn:digihelsestasjon:simulator:testid"), new("hpr", "9144889"), new("role", role) };
        form.AddRange(units.Select(u => new KeyValuePair<string, string>("unitId", u.ToString())));
        using var response = await simulators.PostAsync("/simulators/helseid/token", new FormUrlEncodedContent(form));
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString()!;
    }

    /// <summary>Asks until the answer is there; the cluster's hosts and journals work at their own pace.</summary>
    private static async Task<T> UntilAsync<T>(Func<Task<T?>> attempt, string what, TimeSpan? limit = null)
        where T : struct
    {
        var waited = Stopwatch.StartNew();
        Exception? last = null;
        while (waited.Elapsed < (limit ?? TimeSpan.FromMinutes(2)))
        {
            try
            {
                if (await attempt() is { } value)
                {
                    return value;
                }
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException or JsonException)
            {
                last = exception;
            }

            await Task.Delay(500);
        }

        throw new TimeoutException($"{what}: not there within {(limit ?? TimeSpan.FromMinutes(2)).TotalSeconds} s ({last?.Message}).");
    }

    private sealed record PlatformAppointment(Guid Id, DateTimeOffset Start, string Status);

    private static async Task<List<PlatformAppointment>?> PlatformAppointmentsAsync(HttpClient platform, Family family)
    {
        using var request = Get($"/api/v1/subjects/{family.SubjectId}/appointments", family.Token);
        using var response = await platform.SendAsync(request);
        if (!response.IsSuccessStatusCode)
        {
            return null;
        }

        return (await response.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray()
            .Select(a => new PlatformAppointment(a.GetProperty("appointmentId").GetGuid(), a.GetProperty("start").GetDateTimeOffset(), a.GetProperty("status").GetString()!))
            .ToList();
    }

    private string Report(TimeSpan? settled)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"A day under faults: {options.Duration.TotalMinutes:0.#} min, {families.Count} guardians, {options.YouthChats} youth chats at a time, three hosts behind nginx on one PostgreSQL, {Environment.ProcessorCount} cores shared by all.");
        text.AppendLine();
        text.AppendLine(stats.Table());
        text.AppendLine("| fault | at s | lasted s | recovered after s | note |");
        text.AppendLine("|---|---:|---:|---:|---|");
        foreach (var fault in faults)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"| {fault.Name} | {fault.Started.TotalSeconds:F0} | {(fault.Ended - fault.Started).TotalSeconds:F0} | {(fault.Recovered is { } r ? r.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture) : "-")} | {fault.Note} |");
        }

        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"Accepted: {accepted.Count} citizen messages, {cancellations.Count} cancellations, {journalMessages.Count} journal messages to citizens, {chats.Count} youth chats ({chats.Sum(c => c.StreamResumes)} live streams resumed after a drop), one conversation held all day on three streams ({longStreamResumes} resumed after a drop); {notices.Sms} SMS and {notices.Email} e-mails sent, the due reminder {remindersSent} times.");
        var journaledAfter = accepted.Where(a => firstJournaled.ContainsKey(a.Key)).Select(a => (firstJournaled[a.Key] - a.Value.At).TotalSeconds).Order().ToArray();
        if (journaledAfter.Length > 0)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"A citizen's message seen in the journal after (watched every 2 s): p50 {journaledAfter[journaledAfter.Length / 2]:F0} s, max {journaledAfter[^1]:F0} s.");
        }

        text.AppendLine(settled is { } s ? $"Every queue empty {s.TotalSeconds:F0} s after the day ended." : $"The queues were not empty {options.Settle.TotalSeconds:F0} s after the day ended.");
        text.AppendLine(violations.IsEmpty ? "Every check held." : $"{violations.Count} checks failed:\n- " + string.Join("\n- ", violations.Order(StringComparer.Ordinal)));
        return text.ToString();
    }
}
