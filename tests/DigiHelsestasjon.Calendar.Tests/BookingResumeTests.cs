using System.Net.Http.Json;
using System.Text.Json;
using DigiHelsestasjon.BuildingBlocks.WorkQueues;
using DigiHelsestasjon.Calendar.Features;
using DigiHelsestasjon.Calendar.Features.SelfBooking;
using DigiHelsestasjon.Identity.Contracts;
using DigiHelsestasjon.Testing;
using MediatR;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;
using Xunit;

namespace DigiHelsestasjon.Calendar.Tests;

/// <summary>A booking taken up again only after its time: a host of its own, because the test moves the clock past the
/// time itself (the self-booking tests share theirs).</summary>
public sealed class BookingResumeTests(SqliteOverHttp host) : IClassFixture<SqliteOverHttp>
{
    [Fact]
    public async Task Given_a_booking_whose_request_stopped_When_it_is_taken_up_only_after_its_time_Then_it_is_refused_with_a_reason_and_nothing_reaches_the_journal()
    {
        var youth = await Citizens.LoginAsync(host, "youth-15");
        var self = (await youth.GetFromJsonAsync<JsonElement>("/api/v1/me")).GetProperty("personId").GetGuid();
        var pid = await Citizens.PidOfAsync(host.CreateClient(), "youth-15");
        var slot = (await youth.GetFromJsonAsync<JsonElement>($"/api/v1/subjects/{self}/free-slots?unitId={DemoUnits.Id("9901", 3)}")).EnumerateArray().First();
        Guid bookingId;
        await using (var scope = host.Services.CreateAsyncScope())
        {
            // Step 1 of the request, saved; then the process stops before the reservation is sent.
            var access = new SubjectAccessDecision(true, self, SubjectRelations.Self, 15);
            bookingId = await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new PrepareBooking(access, self, slot.GetProperty("slotId").GetString(), null));
        }

        // The platform was down until after the time itself.
        host.Time.SetUtcNow(slot.GetProperty("end").GetDateTimeOffset().AddMinutes(1));
        await host.QuietAsync();

        // The first login's token has run out on the moved clock.
        var later = await Citizens.LoginAsync(host, "youth-15");
        var refused = await later.GetFromJsonAsync<JsonElement>($"/api/v1/subjects/{self}/bookings/{bookingId}");
        refused.GetProperty("state").GetString().ShouldBe("refused");
        refused.GetProperty("reason").GetString().ShouldBe("Bestillingen kom ikke fram til helsetjenesten. Velg en ny tid eller ring.", "she hears it never reached them, not that the time was taken");
        var journal = await host.CreateClient().GetFromJsonAsync<JsonElement>($"/simulators/epj/visma/journal?pid={pid}");
        journal.GetProperty("appointments").EnumerateArray().ShouldNotContain(a => a.GetProperty("start").GetDateTimeOffset() == slot.GetProperty("start").GetDateTimeOffset());
        journal.GetProperty("entries").EnumerateArray().ShouldNotContain(e => e.GetProperty("kind").GetString() == "reservation", "nothing is sent for a time that has passed");
        var resume = host.Services.GetRequiredService<WorkQueues>().Find(BookingResumeQueue.QueueName)!;
        (await resume.BacklogAsync(CancellationToken.None)).ShouldBe(new WorkQueueBacklog(BookingResumeQueue.QueueName, 0, 0, 0, 0));
    }
}
