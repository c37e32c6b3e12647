using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace DigiHelsestasjon.Testing.DayUnderFaults;

// Youths and nurses: a youth opens an anonymous chat and keeps its live stream open (resuming from the last event seen when
// a host dies under it, as the web client does), a nurse claims it and answers, and the youth must see the answer.
public sealed partial class DayUnderFaultsScenario
{
    /// <summary>The demo's youth clinic whose chat is open around the clock, so the day never depends on the hour.</summary>
    private static Guid ChatUnit => DemoUnits.Id("9902", 3);

    private async Task YouthChatsAsync(int youth, CancellationToken dayEnds)
    {
        var nurseToken = await StaffTokenAsync("nurse", [ChatUnit]);
        for (var chat = 0; !dayEnds.IsCancellationRequested; chat++)
        {
            // Each chat from an address of its own, as youths on their own phones: the per-address allowance is theirs.
            using var platform = Client(cluster.Url, System.Net.IPAddress.Parse($"127.0.{youth + 1}.{(chat % 250) + 2}"));
            await OneChatAsync(platform, nurseToken);
            await Pause(TimeSpan.FromSeconds(2), dayEnds);
        }
    }

    private async Task OneChatAsync(HttpClient platform, string nurseToken)
    {
        if (await OpenAsync(platform) is not var (id, token))
        {
            return;
        }

        var youthText = $"Hei, jeg lurer på noe ({Guid.NewGuid().ToString()[..8]})";
        var nurseText = $"Hei, det er helsesykepleier ({Guid.NewGuid().ToString()[..8]})";
        var youthKey = Guid.NewGuid().ToString();
        var nurseKey = Guid.NewGuid().ToString();
        await using var stream = ResumingStream.Open(Client(cluster.Url).WithToken(token), $"/api/v1/youth-chat/conversations/{id}/events", stats);

        (await RetryAsync("youth: write", platform, () => Post($"/api/v1/youth-chat/conversations/{id}/messages", token, new { text = youthText }, youthKey), HttpStatusCode.Created))?.Dispose();
        (await RetryAsync("nurse: claim", platform, () => Post($"/api/v1/staff/youth-chat/conversations/{id}/claim", nurseToken, null), HttpStatusCode.OK, alsoGood: HttpStatusCode.Conflict))?.Dispose();
        var answered = Stopwatch.StartNew();
        (await RetryAsync("nurse: answer", platform, () => Post($"/api/v1/staff/youth-chat/conversations/{id}/messages", nurseToken, new { text = nurseText }, nurseKey), HttpStatusCode.Created))?.Dispose();
        var seen = await stream.UntilAsync(e => e.Kind == "message" && e.Data.Contains(nurseText, StringComparison.Ordinal), TimeSpan.FromSeconds(90));
        if (!seen)
        {
            violations.Add($"A youth's live stream did not bring the nurse's answer within 90 s ({stream.Resumes} resumes).");
        }

        var all = await ReplayAsync(platform, id, token);
        (await RetryAsync("nurse: end", platform, () => Post($"/api/v1/staff/youth-chat/conversations/{id}/end", nurseToken, null), HttpStatusCode.OK, alsoGood: HttpStatusCode.NoContent))?.Dispose();
        chats.Add(new ChatOutcome(id, token, all.Where(t => t.Contains("lurer", StringComparison.Ordinal)).ToList(), all.Where(t => t.Contains("helsesykepleier", StringComparison.Ordinal)).ToList(),
            stream.Resumes, seen ? answered.Elapsed : null));
        if (all.Count(t => t == youthText) != 1 || all.Count(t => t == nurseText) != 1)
        {
            violations.Add($"A youth chat holds the youth's line {all.Count(t => t == youthText)} times and the nurse's {all.Count(t => t == nurseText)} times (each once expected).");
        }
    }

    /// <summary>One conversation held open all day with three live streams (round robin puts them on different hosts): when
    /// a host dies, its stream drops and resumes from its last event; at the end every stream must bring the nurse's
    /// last line.</summary>
    private async Task LongConversationAsync(CancellationToken dayEnds)
    {
        using var platform = Client(cluster.Url);
        var nurseToken = await StaffTokenAsync("nurse", [ChatUnit]);
        if (await OpenAsync(platform) is not var (id, token))
        {
            return;
        }

        (await RetryAsync("nurse: claim", platform, () => Post($"/api/v1/staff/youth-chat/conversations/{id}/claim", nurseToken, null), HttpStatusCode.OK, alsoGood: HttpStatusCode.Conflict))?.Dispose();
        var streams = Enumerable.Range(0, 3).Select(_ => ResumingStream.Open(Client(cluster.Url).WithToken(token), $"/api/v1/youth-chat/conversations/{id}/events", stats)).ToList();
        try
        {
            await Pause(options.Duration, dayEnds);
            var last = $"Da snakkes vi ({Guid.NewGuid().ToString()[..8]})";
            var key = Guid.NewGuid().ToString();
            (await RetryAsync("nurse: answer", platform, () => Post($"/api/v1/staff/youth-chat/conversations/{id}/messages", nurseToken, new { text = last }, key), HttpStatusCode.Created))?.Dispose();
            foreach (var stream in streams)
            {
                if (!await stream.UntilAsync(e => e.Kind == "message" && e.Data.Contains(last, StringComparison.Ordinal), TimeSpan.FromSeconds(60)))
                {
                    violations.Add($"A live stream held all day did not bring the nurse's last line ({stream.Resumes} resumes).");
                }
            }

            longStreamResumes = streams.Sum(s => s.Resumes);
        }
        finally
        {
            foreach (var stream in streams)
            {
                await stream.DisposeAsync();
            }
        }
    }

    private int longStreamResumes;

    /// <summary>A youth opens an anonymous chat: its id and the token that is her only key to it (null when refused).</summary>
    private async Task<(Guid Id, string Token)?> OpenAsync(HttpClient platform)
    {
        using var opened = await RetryAsync("youth: open a chat", platform, () => Post("/api/v1/youth-chat/conversations", "", new { unitId = ChatUnit }), HttpStatusCode.Created);
        if (opened is null)
        {
            return null;
        }

        var conversation = await opened.Content.ReadFromJsonAsync<JsonElement>();
        return (conversation.GetProperty("conversationId").GetGuid(), conversation.GetProperty("conversationToken").GetString()!);
    }

    /// <summary>Every message text of the conversation, read again from its first event.</summary>
    private async Task<List<string>> ReplayAsync(HttpClient platform, Guid id, string token)
    {
        var view = await UntilAsync(async () =>
        {
            using var response = await platform.SendAsync(Get($"/api/v1/youth-chat/conversations/{id}", token));
            return response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<JsonElement>() : (JsonElement?)null;
        }, "the conversation's view");
        var last = view.GetProperty("lastSeq").GetInt64();

        // A replay meets the day's faults as any stream does (a 503 while the database restarts, a host that dies): read
        // it again from the start, as a client would.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await ReadFromStartAsync(id, token, last);
            }
            catch (Exception exception) when (attempt < 10 && exception is HttpRequestException or InvalidOperationException or TimeoutException or IOException)
            {
                await Task.Delay(TimeSpan.FromSeconds(1));
            }
        }
    }

    private async Task<List<string>> ReadFromStartAsync(Guid id, string token, long last)
    {
        var texts = new List<string>();
        using var reader = Client(cluster.Url).WithToken(token);
        await using var replay = await EventStream.OpenAsync(reader, $"/api/v1/youth-chat/conversations/{id}/events", "0");
        for (var seq = 0L; seq < last;)
        {
            var next = await replay.NextAsync();
            if (next.Id is null)
            {
                continue; // a state event without a place in the conversation (the queue position)
            }

            seq = next.Seq;
            if (next.Kind == "message")
            {
                texts.Add(next.Json.GetProperty("text").GetString()!);
            }
        }

        return texts;
    }

    /// <summary>Sends until the wanted answer; a request left without one (a host killed, a 503) goes again, at most for
    /// the grace after the day.</summary>
    private async Task<HttpResponseMessage?> RetryAsync(string route, HttpClient platform, Func<HttpRequestMessage> request, HttpStatusCode good, HttpStatusCode? alsoGood = null)
    {
        var giveUp = clock.Elapsed + Grace;
        while (clock.Elapsed < giveUp)
        {
            var response = await stats.SendAsync(route, platform, request, CancellationToken.None);
            if (response is not null && (response.StatusCode == good || response.StatusCode == alsoGood))
            {
                return response;
            }

            if (response is { StatusCode: < HttpStatusCode.InternalServerError and not HttpStatusCode.TooManyRequests })
            {
                violations.Add($"{route}: refused with {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
                response.Dispose();
                return null;
            }

            response?.Dispose();
            await Task.Delay(TimeSpan.FromSeconds(1));
        }

        violations.Add($"{route}: no answer for {Grace.TotalSeconds:F0} s of retries.");
        return null;
    }
}
