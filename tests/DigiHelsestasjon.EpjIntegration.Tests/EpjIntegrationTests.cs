using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DigiHelsestasjon.Directory.Contracts;
using DigiHelsestasjon.Epj.Sdk;
using DigiHelsestasjon.Epj.Sdk.Http;
using DigiHelsestasjon.Epj.Sdk.Conformance;
using DigiHelsestasjon.EpjIntegration.Contracts;
using DigiHelsestasjon.EpjIntegration.Operations;
using DigiHelsestasjon.Identity.Contracts;
using DigiHelsestasjon.Testing;
using MediatR;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;
using Xunit;

namespace DigiHelsestasjon.EpjIntegration.Tests;

public sealed class EpjIntegrationOverHttpOnSqlite(SqliteOverHttp host) : EpjIntegrationTests<SqliteOverHttp>(host);

public sealed class EpjIntegrationInProcessOnPostgres(PostgresInProcess host) : EpjIntegrationTests<PostgresInProcess>(host);

[NeedsSqlServer]
public sealed class EpjIntegrationOnSqlServer(SqlServerOverHttp host) : EpjIntegrationTests<SqlServerOverHttp>(host);

/// <summary>End to end through the host: simulator control API -> journal -> platform, and platform -> journal.</summary>
public abstract class EpjIntegrationTests<THost>(THost host) : IClassFixture<THost>
    where THost : EpjHost
{
    [Fact]
    public async Task Given_an_appointment_booked_in_a_simulator_When_it_is_published_Then_the_operator_lists_it_and_modules_get_the_event()
    {
        var client = host.CreateClient();
        var pid = await Citizens.PidOfAsync(client, "child-under-12");

        var booked = await client.PostAsJsonAsync("/simulators/epj/visma/appointments", new { pid, unitId = DemoUnits.Id("9901", 1), start = host.Time.GetUtcNow().AddDays(20), type = "Vaksinasjon" });
        booked.StatusCode.ShouldBe(HttpStatusCode.OK);
        var appointmentId = (await booked.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("appointmentId").GetString()!;

        await host.QuietAsync();
        var published = host.Published.Of<EpjAppointmentPublished>().Single(e => e.EpjAppointmentId == appointmentId);
        published.Change.ShouldBe("created");
        published.UnitId.ShouldBe(DemoUnits.Id("9901", 1));
        published.AppointmentType.ShouldBe("Vaksinasjon");

        var admin = await Citizens.StaffAsync(host, "admin", DemoUnits.Id("9901", 1));
        var items = await admin.GetFromJsonAsync<List<EpjItemView>>("/api/v1/admin/epj/items?state=accepted");
        items!.ShouldContain(i => i.Direction == "inbound" && i.Kind == "appointment-published" && i.UnitId == DemoUnits.Id("9901", 1));
        JsonSerializer.Serialize(items).ShouldNotContain(pid, customMessage: "the operator view carries no fødselsnummer");
    }

    [Fact]
    public async Task Given_an_older_version_arriving_after_a_newer_one_When_received_Then_it_changes_nothing()
    {
        var client = host.CreateClient();
        var pid = await Citizens.PidOfAsync(client, "youth-12-15");
        (await client.PutAsJsonAsync("/simulators/epj/infodoc/faults", new { outOfOrderRate = 1.0 })).EnsureSuccessStatusCode();
        var start = host.Time.GetUtcNow().AddDays(9);
        var booked = await client.PostAsJsonAsync("/simulators/epj/infodoc/appointments", new { pid, unitId = DemoUnits.Id("9902", 3), start, type = "Helsesamtale" });
        var appointmentId = (await booked.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("appointmentId").GetString()!;

        (await client.PutAsJsonAsync($"/simulators/epj/infodoc/appointments/{appointmentId}", new { start = start.AddHours(2) })).EnsureSuccessStatusCode();

        var admin = await Citizens.StaffAsync(host, "admin", DemoUnits.Id("9902", 1));
        await host.QuietAsync();
        (await admin.GetFromJsonAsync<List<EpjItemView>>("/api/v1/admin/epj/items?state=stale"))!.ShouldNotBeEmpty("the stale copy is received and marked stale");
        var versions = host.Published.Of<EpjAppointmentPublished>().Where(e => e.EpjAppointmentId == appointmentId).Select(e => e.Version).ToList();
        versions.ShouldBe([1, 2], "the late version 1 is not published again after version 2");
        (await client.PutAsJsonAsync("/simulators/epj/infodoc/faults", new { outOfOrderRate = 0.0 })).EnsureSuccessStatusCode();
    }

    [Fact]
    public async Task Given_a_journal_failing_transiently_When_a_message_is_delivered_Then_it_is_retried_with_backoff_until_journaled()
    {
        var client = host.CreateClient();
        var pid = await Citizens.PidOfAsync(client, "guardian");
        (await client.PutAsJsonAsync("/simulators/epj/cgm/faults", new { errorRate = 1.0 })).EnsureSuccessStatusCode();
        var messageId = await RequestMessageAsync(pid, DemoUnits.Id("9903", 1), "Hei, vi lurer på om vi kan få en tidligere time.");

        var admin = await Citizens.StaffAsync(host, "admin", DemoUnits.Id("9903", 1));
        await host.QuietAsync();
        var failing = (await ItemAsync(admin, messageId))!;
        failing.Attempts.ShouldBe(1, "the first attempt fails");
        failing.State.ShouldBe("pending");
        failing.NextAttemptAt.ShouldNotBeNull().ShouldBeGreaterThan(host.Time.GetUtcNow(), "the retry waits for its backoff");

        host.Time.Advance(failing.NextAttemptAt!.Value - host.Time.GetUtcNow() + TimeSpan.FromSeconds(1));
        await host.QuietAsync();
        (await ItemAsync(admin, messageId))!.Attempts.ShouldBe(2, "the second attempt comes after the backoff");
        (await client.PutAsJsonAsync("/simulators/epj/cgm/faults", new { errorRate = 0.0 })).EnsureSuccessStatusCode();
        host.Time.Advance(TimeSpan.FromSeconds(30));

        await host.QuietAsync();
        var journaled = (await ItemAsync(admin, messageId))!;
        journaled.State.ShouldBe("journaled", "the CGM journal reports it journaled after its receipt");
        journaled.ReceiptStatus.ShouldBe("ok");
        journaled.DocumentReference.ShouldStartWith("CGM-DOC-");
        host.Published.Of<EpjDeliveryStateChanged>().ShouldContain(e => e.MessageId == messageId && e.State == "journaled", "modules are told it is journaled");

        var journal = await client.GetFromJsonAsync<JsonElement>($"/simulators/epj/cgm/journal?pid={pid}");
        journal.GetProperty("entries").EnumerateArray().Count(e => e.GetProperty("messageId").GetGuid() == messageId).ShouldBe(1);
    }

    [Fact]
    public async Task Given_invalid_content_When_delivered_Then_it_is_dead_lettered_without_retries_and_an_operator_can_requeue_it()
    {
        var client = host.CreateClient();
        var pid = await Citizens.PidOfAsync(client, "guardian");
        var messageId = await RequestMessageAsync(pid, DemoUnits.Id("9901", 1), "\0");

        var admin = await Citizens.StaffAsync(host, "admin", DemoUnits.Id("9901", 1));
        await host.QuietAsync();
        (await ItemAsync(admin, messageId))!.State.ShouldBe("dead-lettered", "the journal rejects it as poison");
        host.Time.Advance(TimeSpan.FromHours(1));
        await host.QuietAsync();
        var dead = (await ItemAsync(admin, messageId))!;
        dead.Attempts.ShouldBe(1, "poison is not retried");
        dead.ErrorCodes.ShouldContain("T02");
        host.Published.Of<EpjDeliveryStateChanged>().ShouldContain(e => e.MessageId == messageId && e.State == "dead-lettered", "modules are told it is dead-lettered");

        var requeued = await admin.PostAsync($"/api/v1/admin/epj/items/{dead.Id}/requeue", null);
        requeued.StatusCode.ShouldBe(HttpStatusCode.OK);
        var otherMunicipality = await Citizens.StaffAsync(host, "admin", DemoUnits.Id("9902", 1));
        (await otherMunicipality.PostAsync($"/api/v1/admin/epj/items/{dead.Id}/requeue", null)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Given_a_dead_lettered_delivery_When_a_platform_operator_uses_the_queue_view_Then_it_is_listed_without_personal_data_and_requeued()
    {
        var client = host.CreateClient();
        var pid = await Citizens.PidOfAsync(client, "guardian");
        var messageId = await RequestMessageAsync(pid, DemoUnits.Id("9901", 1), "\0");
        await host.QuietAsync();
        var admin = await Citizens.StaffAsync(host, "admin", DemoUnits.Id("9901", 1));
        var itemId = (await ItemAsync(admin, messageId))!.Id;
        var operations = await Citizens.StaffAsync(host, "operator", DemoUnits.Id("9901", 1));

        var backlogs = await operations.GetFromJsonAsync<JsonElement>("/api/v1/admin/queues");
        var dead = await operations.GetStringAsync("/api/v1/admin/queues/epj-delivery/items?state=dead-lettered&scope=9901&kind=citizen-message");

        backlogs.EnumerateArray().Select(b => b.GetProperty("queue").GetString()).ShouldBe(["outbox", "epj-delivery", "calendar-booking-resume", "notifications", "youthchat-retention"], ignoreOrder: true);
        backlogs.EnumerateArray().Single(b => b.GetProperty("queue").GetString() == "epj-delivery").GetProperty("deadLettered").GetInt32().ShouldBeGreaterThanOrEqualTo(1);
        dead.ShouldContain(itemId.ToString());
        dead.ShouldNotContain(pid);
        (await operations.PostAsync($"/api/v1/admin/queues/epj-delivery/items/{itemId}/requeue", null)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await ItemAsync(admin, messageId))!.State.ShouldBe("pending");
        (await operations.PostAsync($"/api/v1/admin/queues/epj-delivery/items/{itemId}/requeue", null)).StatusCode.ShouldBe(HttpStatusCode.NotFound, "only a dead letter is requeued");
        (await operations.GetAsync("/api/v1/admin/queues/outbox/items?state=sideways")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await operations.GetAsync("/api/v1/admin/queues/no-such-queue/items")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await admin.GetAsync("/api/v1/admin/queues")).StatusCode.ShouldBe(HttpStatusCode.Forbidden, "a municipality's admin sees its own EPJ items, not every municipality's queues");
        await host.QuietAsync();
    }

    [Fact]
    public async Task Given_a_duplicate_inbound_message_When_sent_twice_Then_it_is_acknowledged_once_with_the_original_receipt()
    {
        var client = host.CreateClient();
        var pid = await Citizens.PidOfAsync(client, "child-under-12");
        var platform = new EpjPlatformClient(host.CreateClient(), new EpjInstallationCredentials { InstallationId = "demo-visma", SharedSecret = "demo-visma-shared-secret-for-the-simulator-only" }, host.Time);
        var message = new AppointmentPublished
        {
            MessageId = Guid.NewGuid(), SentAt = host.Time.GetUtcNow(), Change = AppointmentChange.Created, PatientPid = pid,
            Appointment = new EpjAppointment
            {
                AppointmentId = $"visma-dup-{Guid.NewGuid():N}", Version = 1, UnitHerId = "9901001", AppointmentType = "Konsultasjon",
                Start = host.Time.GetUtcNow().AddDays(3), End = host.Time.GetUtcNow().AddDays(3).AddMinutes(30),
            },
        };

        var first = await platform.SendAsync(message, CancellationToken.None);
        var second = await platform.SendAsync(message, CancellationToken.None);
        var unknownPatient = await platform.SendAsync(message with { MessageId = Guid.NewGuid(), PatientPid = "01019012345" }, CancellationToken.None);
        var anotherInstallationsUnit = await platform.SendAsync(
            message with { MessageId = Guid.NewGuid(), Appointment = message.Appointment with { AppointmentId = $"visma-foreign-{Guid.NewGuid():N}", UnitHerId = "9902001" } }, CancellationToken.None);

        first.Status.ShouldBe(ReceiptStatus.Ok);
        second.ShouldBe(first with { Errors = second.Errors });
        second.Errors.ShouldBeEmpty();
        unknownPatient.Status.ShouldBe(ReceiptStatus.Rejected);
        anotherInstallationsUnit.Status.ShouldBe(ReceiptStatus.Rejected);
        unknownPatient.Errors.ShouldBe(anotherInstallationsUnit.Errors, "an unknown number gets the same answer as any refusal: no register-wide existence oracle");
        // An appointment InfoDoc's journal holds (the demo family's are all in Visma's Fjordvik).
        var infoDocs = await (await client.PostAsJsonAsync("/simulators/epj/infodoc/appointments", new { pid, unitId = DemoUnits.Id("9902", 1), start = host.Time.GetUtcNow().AddDays(9), type = "Konsultasjon" }))
            .EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>();
        var anotherInstallationsAppointment = await platform.SendAsync(
            new ParentalAccessExemptionChanged { MessageId = Guid.NewGuid(), SentAt = host.Time.GetUtcNow(), PatientPid = pid, ItemKind = "appointment", ItemId = infoDocs.GetProperty("appointmentId").GetString()!, Exempt = true }, CancellationToken.None);
        anotherInstallationsAppointment.Errors.ShouldBe(anotherInstallationsUnit.Errors, "an installation speaks only about its own appointments");
        await host.QuietAsync();
        host.Published.Of<EpjAppointmentPublished>().Count(e => e.EpjAppointmentId == message.Appointment.AppointmentId).ShouldBe(1);

        var forged = await new EpjPlatformClient(host.CreateClient(), new EpjInstallationCredentials { InstallationId = "demo-visma", SharedSecret = "wrong" }).SendAsync(message, CancellationToken.None);
        forged.Category.ShouldBe(EpjErrorCategory.Security);
    }

    [Fact]
    public async Task Given_a_municipality_When_the_acceptance_test_runs_against_its_connection_Then_the_kit_passes_and_names_what_needs_staff()
    {
        var reports = await host.Services.GetRequiredService<EpjAcceptanceTest>().RunAsync("9901", CancellationToken.None);

        var report = reports.ShouldNotBeNull().ShouldHaveSingleItem();
        report.Transport.ShouldBe(host.Transport);
        report.Results.Where(r => r.Verdict == ConformanceVerdict.Failed).ShouldBeEmpty();
        report.Results.Count(r => r.Verdict == ConformanceVerdict.Passed).ShouldBeGreaterThanOrEqualTo(8);
    }

    [Fact]
    public async Task Given_a_journal_that_answers_later_When_the_acceptance_test_runs_Then_the_later_outcomes_are_observed_and_verified_not_skipped()
    {
        // CGM sends the receipt and the journaled outcome afterwards, as messages to the platform.
        var reports = await host.Services.GetRequiredService<EpjAcceptanceTest>().RunAsync("9903", CancellationToken.None);

        var results = reports.ShouldNotBeNull().ShouldHaveSingleItem().Results;
        results.Where(r => r.Verdict == ConformanceVerdict.Failed).ShouldBeEmpty();
        foreach (var check in new[] { nameof(ConformanceChecks.The_journaled_outcome_eventually_arrives), nameof(ConformanceChecks.Unknown_patient_answers_E35), nameof(ConformanceChecks.Duplicate_delivery_is_answered_with_the_original_result) })
        {
            results.Single(r => r.Check == check).Verdict.ShouldBe(ConformanceVerdict.Passed, check);
        }
    }

    [Fact]
    public async Task Given_the_directory_When_a_citizen_and_an_admin_use_it_Then_units_are_public_and_policies_belong_to_the_municipality()
    {
        var units = await host.CreateClient().GetFromJsonAsync<JsonElement>("/api/v1/units?municipality=9903");
        units.GetArrayLength().ShouldBe(4);
        units.EnumerateArray().Select(u => u.GetProperty("type").GetString()).Distinct().Order().ShouldBe(["health-station", "school-health", "youth-clinic"]);
        units.GetRawText().ShouldNotContain("installation", Case.Insensitive);

        var admin = await Citizens.StaffAsync(host, "admin", DemoUnits.Id("9903", 2));
        var policies = await admin.GetFromJsonAsync<JsonElement>("/api/v1/admin/municipalities/9903/policies");
        policies.GetProperty("cancellationDeadlineHours").GetInt32().ShouldBe(24);

        var invalid = await admin.PutAsJsonAsync("/api/v1/admin/municipalities/9903/policies", new
        {
            cancellationNeedsApproval = false, cancellationDeadlineHours = -1, reminderLeadTimesHours = new[] { 48 }, chatOpeningHours = Array.Empty<object>(), chatRetentionHours = 24, enabledModules = new[] { "Calendar" },
        });
        invalid.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await invalid.Content.ReadAsStringAsync()).ShouldContain("cancellationDeadlineHours");

        var changed = await admin.PutAsJsonAsync("/api/v1/admin/municipalities/9903/policies", new
        {
            cancellationNeedsApproval = false, cancellationDeadlineHours = 48, reminderLeadTimesHours = new[] { 72, 2 }, chatOpeningHours = Array.Empty<object>(), chatRetentionHours = 12, enabledModules = new[] { "Calendar" },
        });
        changed.StatusCode.ShouldBe(HttpStatusCode.OK);
        await using (var scope = host.Services.CreateAsyncScope())
        {
            // A restart provisions the demo municipalities again; the admin's change must survive it.
            await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new ProvisionMunicipality("9903", "Sørvang kommune", [], MunicipalityPolicies.Default));
        }

        var kept = await admin.GetFromJsonAsync<JsonElement>("/api/v1/admin/municipalities/9903/policies");
        kept.GetProperty("cancellationDeadlineHours").GetInt32().ShouldBe(48);
        kept.GetProperty("reminderLeadTimesHours").EnumerateArray().Select(h => h.GetInt32()).ShouldBe([72, 2]);

        var nurse = await Citizens.StaffAsync(host, "nurse", DemoUnits.Id("9903", 2));
        (await nurse.GetAsync("/api/v1/admin/municipalities/9903/policies")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await admin.GetAsync("/api/v1/admin/municipalities/9901/policies")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    /// <summary>What Messaging will do: put the request in its outbox. Here it is handed straight to the consumer.</summary>
    private async Task<Guid> RequestMessageAsync(string pid, Guid unitId, string body)
    {
        await using var scope = host.Services.CreateAsyncScope();
        var mediator = scope.ServiceProvider.GetRequiredService<IMediator>();
        var person = (await mediator.Send(new ResolvePersonId(pid))).ShouldNotBeNull();
        var request = new EpjCitizenMessageRequested(Guid.NewGuid(), unitId, person, "self", "Test Testesen", Guid.NewGuid(), null, "Spørsmål", body, []);
        await mediator.Publish(request);
        return request.MessageId;
    }

    private static async Task<EpjItemView?> ItemAsync(HttpClient admin, Guid messageId) =>
        (await admin.GetFromJsonAsync<List<EpjItemView>>("/api/v1/admin/epj/items"))!.FirstOrDefault(i => i.MessageId == messageId && i.Direction == "outbound");
}
