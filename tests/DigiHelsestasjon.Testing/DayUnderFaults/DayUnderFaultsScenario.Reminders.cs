using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;

namespace DigiHelsestasjon.Testing.DayUnderFaults;

// Reminders due during the day: one for an appointment that stays (sent exactly once, whatever the faults), one for an
// appointment the journal cancels before its reminder is due (never sent). The default lead times are 48 h and 2 h, so
// appointments a little over two hours ahead have their 2-hour reminder due during the day.
public sealed partial class DayUnderFaultsScenario
{
    private static readonly TimeZoneInfo Oslo = TimeZoneInfo.FindSystemTimeZoneById("Europe/Oslo");
    private (DateTimeOffset Kept, DateTimeOffset Cancelled, string CancelledId)? reminded;

    /// <summary>Two appointments on whole minutes, a minute apart (a reminder names the time to the minute): the kept one's
    /// reminder due about a third into the day, the cancelled one's a minute later.</summary>
    private async Task PlanRemindersAsync()
    {
        var family = families[0];
        var due = DateTimeOffset.UtcNow + TimeSpan.FromHours(2) + options.Duration * 0.3;
        var kept = new DateTimeOffset(due.Year, due.Month, due.Day, due.Hour, due.Minute, 0, TimeSpan.Zero).AddMinutes(1);
        var cancelled = kept.AddMinutes(1);
        await BookAtAsync(family, kept);
        reminded = (kept, cancelled, await BookAtAsync(family, cancelled));
    }

    /// <summary>The journal cancels the second appointment early in the day, long before its reminder is due.</summary>
    private async Task CancelRemindedAsync()
    {
        await Task.Delay(options.Duration * 0.15);
        (await simulators.DeleteAsync($"/simulators/epj/{families[0].Vendor}/appointments/{reminded!.Value.CancelledId}")).EnsureSuccessStatusCode();
    }

    private async Task CheckRemindersAsync()
    {
        var (kept, cancelled, _) = reminded!.Value;

        // The cancelled one's reminder would have been due a minute after the kept one's: wait past it before looking.
        var wouldBeDue = cancelled - TimeSpan.FromHours(2) + TimeSpan.FromSeconds(30);
        if (wouldBeDue > DateTimeOffset.UtcNow)
        {
            await Task.Delay(wouldBeDue - DateTimeOffset.UtcNow);
        }

        var sms = (await simulators.GetFromJsonAsync<JsonElement>("/simulators/sms/outbox")).EnumerateArray()
            .Select(m => (To: m.GetProperty("to").GetString()!, Text: m.GetProperty("text").GetString()!)).ToList();
        var mails = (await simulators.GetFromJsonAsync<JsonElement>("/simulators/email/outbox")).EnumerateArray().Select(m => m.GetProperty("body").GetString()!);
        var sent = sms.Select(m => m.Text).Concat(mails).Where(t => t.StartsWith("Påminn", StringComparison.Ordinal)).ToList();
        var keptCount = sent.Count(t => t.Contains(Named(kept), StringComparison.Ordinal));
        if (keptCount == 0)
        {
            violations.Add($"No reminder was sent for the appointment {Named(kept)} ({sent.Count} reminders in all).");
        }

        // Each guardian who may read it gets one: more than one to the same number is a reminder sent twice.
        foreach (var twice in sms.Where(m => m.Text.Contains(Named(kept), StringComparison.Ordinal)).GroupBy(m => m.To).Where(g => g.Count() > 1))
        {
            violations.Add($"The reminder for {Named(kept)} went {twice.Count()} times to the same number.");
        }

        if (sent.Any(t => t.Contains(Named(cancelled), StringComparison.Ordinal)))
        {
            violations.Add($"A reminder went for {Named(cancelled)}, an appointment the journal had cancelled before its reminder was due.");
        }

        remindersSent = keptCount;
    }

    private int remindersSent;

    /// <summary>"6. desember kl. 23:45": the part of a reminder's text that names the appointment.</summary>
    private static string Named(DateTimeOffset start)
    {
        var local = TimeZoneInfo.ConvertTime(start, Oslo);
        string[] months = ["januar", "februar", "mars", "april", "mai", "juni", "juli", "august", "september", "oktober", "november", "desember"];
        return string.Create(CultureInfo.InvariantCulture, $"{local.Day}. {months[local.Month - 1]} kl. {local:HH:mm}");
    }
}
