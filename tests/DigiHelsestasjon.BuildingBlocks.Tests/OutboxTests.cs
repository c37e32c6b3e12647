using DigiHelsestasjon.BuildingBlocks.Mediation;
using DigiHelsestasjon.BuildingBlocks.Outbox;
using DigiHelsestasjon.BuildingBlocks.Persistence;
using DigiHelsestasjon.BuildingBlocks.WorkQueues;
using DigiHelsestasjon.BuildingBlocks.Tests.Sample;
using DigiHelsestasjon.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;
using Xunit;

namespace DigiHelsestasjon.BuildingBlocks.Tests;

using DigiHelsestasjon.BuildingBlocks.WorkQueues;

public abstract class OutboxTests(DatabaseProvider provider) : IAsyncLifetime
{
    private static readonly SampleModule[] Modules = [new()];

    protected TestDatabase Database { get; private set; } = null!;

    public async Task InitializeAsync() => Database = await TestDatabase.CreateAsync(provider);

    public async Task DisposeAsync() => await Database.DisposeAsync();

    [Fact]
    public async Task Given_a_use_case_that_fails_after_writing_When_it_rolls_back_Then_its_event_is_never_published()
    {
        await using var process = await StartAsync();

        await Should.ThrowAsync<InvalidOperationException>(() => process.SendAsync(new WriteNote("lost", FailAfterWriting: true)));
        var kept = await process.SendAsync(new WriteNote("kept"));

        await process.Services.UntilQuietAsync();
        (await CountAsync(process, db => db.Outbox)).ShouldBe(1);
        var receipt = await QueryAsync(process, db => db.Receipts.SingleAsync());
        receipt.NoteId.ShouldBe(kept);
    }

    [Fact]
    public async Task Given_a_nested_command_that_fails_When_the_outer_handler_carries_on_Then_nothing_of_the_outer_command_is_saved()
    {
        await using var process = await StartAsync(dispatcher: false);

        var error = await Should.ThrowAsync<InvalidOperationException>(() => process.SendAsync(new WriteNoteWithNested("outer", NestedFails: true)));

        error.Message.ShouldContain("nested");
        (await CountAsync(process, db => db.Notes)).ShouldBe(0, "neither the tracked note, the immediate insert nor the nested note is kept");
        (await CountAsync(process, db => db.Outbox)).ShouldBe(0);
    }

    [Fact]
    public async Task Given_a_nested_command_that_succeeds_When_the_outer_command_commits_Then_both_are_saved_once()
    {
        await using var process = await StartAsync(dispatcher: false);

        await process.SendAsync(new WriteNoteWithNested("outer", NestedFails: false));

        (await CountAsync(process, db => db.Notes)).ShouldBe(3);
        (await CountAsync(process, db => db.Outbox)).ShouldBe(2);
    }

    [Fact]
    public async Task Given_two_requests_that_both_see_a_row_for_the_first_time_When_both_insert_it_Then_one_row_wins_and_neither_is_run_again()
    {
        var race = new FirstSightRace();
        await using var process = await StartAsync(dispatcher: false, race: race);
        var id = Guid.NewGuid();

        var answers = await Task.WhenAll(process.SendAsync(new RecordNoteOnce(id)), process.SendAsync(new RecordNoteOnce(id)));

        answers.Count(inserted => inserted).ShouldBe(1, "the insert that lost was told so where it happened");
        race.Looks.ShouldBe(2, "no handler runs twice");
        (await CountAsync(process, db => db.Notes)).ShouldBe(1);
    }

    [Fact]
    public async Task Given_a_row_inserted_if_absent_When_the_same_unit_then_changes_it_Then_the_change_is_saved_and_a_second_insert_is_told_it_lost()
    {
        await using var process = await StartAsync(dispatcher: false);
        var id = Guid.NewGuid();

        var first = await process.SendAsync(new RecordNoteThenEdit(id, "edited in the same unit"));
        var second = await process.SendAsync(new RecordNoteThenEdit(id, "edited by the loser"));

        first.ShouldBeTrue();
        second.ShouldBeFalse("the key was taken, and the statement said so");
        (await CountAsync(process, db => db.Notes.Where(n => n.Id == id && n.Text == "edited in the same unit"))).ShouldBe(1);
    }

    [Fact]
    public async Task Given_a_query_handler_that_writes_When_it_is_sent_Then_it_is_refused_and_nothing_is_saved()
    {
        await using var process = await StartAsync(dispatcher: false, race: new FirstSightRace());
        await process.SendAsync(new WriteNote("first sight"));

        var tracked = await Should.ThrowAsync<InvalidOperationException>(() => process.SendAsync(new CountNotesCarelessly(WithStatement: false)));
        var statement = await Should.ThrowAsync<InvalidOperationException>(() => process.SendAsync(new CountNotesCarelessly(WithStatement: true)));

        tracked.Message.ShouldContain("CountNotesCarelessly");
        statement.Message.ShouldContain("a query writes nothing");
        (await process.SendAsync(new CountNotes())).ShouldBe(1);
        (await CountAsync(process, db => db.Notes.Where(n => n.Text == "counted"))).ShouldBe(0);
    }

    [Fact]
    public async Task Given_a_context_from_a_scope_When_it_is_saved_outside_a_unit_of_work_Then_it_is_refused()
    {
        await using var process = await StartAsync(dispatcher: false);
        await using var scope = process.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SampleDbContext>();
        db.Notes.Add(new Note { Id = Guid.NewGuid(), Text = "saved by hand" });

        var refused = await Should.ThrowAsync<InvalidOperationException>(() => db.SaveChangesAsync());

        refused.Message.ShouldContain("unit of work");
        (await CountAsync(process, d => d.Notes)).ShouldBe(0);
    }

    [Fact]
    public async Task Given_an_event_of_a_kind_a_consumer_does_not_follow_When_it_is_published_Then_the_consumer_writes_nothing_not_even_an_inbox_row()
    {
        await using var process = await StartAsync();

        await process.SendAsync(new WriteNote(NoteReceiptWriter.NotForMe));
        await process.Services.UntilQuietAsync();

        (await CountAsync(process, db => db.Outbox.Where(m => m.ProcessedAt != null))).ShouldBe(1, "the event was published");
        (await CountAsync(process, db => db.Inbox)).ShouldBe(0);
        (await CountAsync(process, db => db.Receipts)).ShouldBe(0);
    }

    [Fact]
    public async Task Given_a_save_without_integration_events_When_it_commits_Then_the_dispatcher_is_not_woken_but_a_save_with_one_is()
    {
        await using var process = await StartAsync(dispatcher: false);
        var signal = process.Services.GetRequiredService<OutboxSignal>();

        await using (var scope = process.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<SampleDbContext>();
            await scope.ServiceProvider.GetRequiredService<UnitOfWork>().ExecuteAsync(
                () =>
                {
                    db.Notes.Add(new Note { Id = Guid.NewGuid(), Text = "an access-log-like row" });
                    return Task.CompletedTask;
                },
                CancellationToken.None);
        }

        (await signal.WaitAsync(TimeSpan.Zero, CancellationToken.None)).ShouldBeFalse();
        await process.SendAsync(new WriteNote("with an event"));
        (await signal.WaitAsync(TimeSpan.Zero, CancellationToken.None)).ShouldBeTrue();
    }

    [Fact]
    public async Task Given_an_invalid_command_When_sent_Then_the_handler_never_runs_and_the_field_is_named()
    {
        await using var process = await StartAsync(dispatcher: false);

        var error = await Should.ThrowAsync<ValidationException>(() => process.SendAsync(new WriteNote(" ")));

        error.Failures.ShouldHaveSingleItem().Field.ShouldBe("text");
        (await CountAsync(process, db => db.Notes)).ShouldBe(0);
    }

    [Fact]
    public async Task Given_a_committed_event_When_the_process_dies_before_publishing_Then_the_next_process_publishes_it()
    {
        Guid noteId;
        await using (var dying = await StartAsync(dispatcher: false))
        {
            noteId = await dying.SendAsync(new WriteNote("survives a crash"));
        }

        await using var restarted = await StartAsync();

        await restarted.Services.UntilQuietAsync();
        (await QueryAsync(restarted, db => db.Receipts.SingleAsync())).NoteId.ShouldBe(noteId);
    }

    [Fact]
    public async Task Given_a_claim_by_a_process_that_died_When_its_lease_expires_Then_another_process_publishes_the_event()
    {
        var time = new TestClock();
        await using var survivor = await StartAsync(time: time, dispatcher: false);
        await survivor.SendAsync(new WriteNote("claimed by the dead"));
        var lease = TimeSpan.FromMinutes(1);
        await using (var scope = survivor.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<SampleDbContext>();
            var until = time.GetUtcNow().UtcDateTime + lease;
            await db.Outbox.ExecuteUpdateAsync(s => s.SetProperty(m => m.LockedBy, "dead-process").SetProperty(m => m.LockedUntil, until));
        }

        var processor = survivor.Services.GetRequiredService<OutboxQueue>();
        var module = survivor.Services.GetServices<ModuleDbContextRegistration>().Single();
        (await processor.ProcessBatchAsync(module, default)).ShouldBe(0, "a live lease is respected");

        time.Advance(lease + TimeSpan.FromSeconds(1));
        (await processor.ProcessBatchAsync(module, default)).ShouldBe(1);
        (await CountAsync(survivor, db => db.Receipts)).ShouldBe(1);
    }

    [Fact]
    public async Task Given_an_event_delivered_twice_When_the_consumer_sees_it_again_Then_it_acts_once()
    {
        await using var process = await StartAsync();
        await process.SendAsync(new WriteNote("once"));
        await process.Services.UntilQuietAsync();
        (await CountAsync(process, db => db.Receipts)).ShouldBe(1);

        // Redeliver: as if the acknowledgement was lost after the consumer committed.
        await using (var scope = process.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<SampleDbContext>();
            await db.Outbox.ExecuteUpdateAsync(s => s.SetProperty(m => m.ProcessedAt, (DateTime?)null));
        }

        await process.Services.UntilQuietAsync();
        (await CountAsync(process, db => db.Outbox.Where(m => m.ProcessedAt != null))).ShouldBe(1);
        (await CountAsync(process, db => db.Receipts)).ShouldBe(1);
        (await CountAsync(process, db => db.Inbox)).ShouldBe(1);
    }

    [Fact]
    public async Task Given_a_consumer_that_keeps_failing_When_attempts_run_out_Then_the_event_is_dead_lettered_and_an_operator_can_requeue_it()
    {
        var settings = new Dictionary<string, string?> { ["WorkQueues:outbox:MaxAttempts"] = "3", ["WorkQueues:outbox:RetryBaseDelay"] = "00:00:00" };
        await using var process = await StartAsync(settings: settings);
        await process.SendAsync(new WriteNote("fail"));

        var outbox = process.Services.GetRequiredService<OutboxQueue>();
        var deadLetters = new WorkItemFilter(State: WorkItemStates.DeadLettered);
        await process.Services.UntilQuietAsync();
        var dead = (await outbox.ListAsync(deadLetters, default)).ShouldHaveSingleItem();
        dead.Attempts.ShouldBe(3);
        dead.Scope.ShouldBe("sample");
        dead.LastError.ShouldNotBeNull().ShouldContain("cannot handle the note");
        (await CountAsync(process, db => db.Receipts)).ShouldBe(0);

        // The operator mends the cause, then requeues: the event is delivered once. (Asserting "not dead-lettered"
        // right after the requeue raced the running dispatcher, which may fail it three times again at once.)
        process.Services.GetRequiredService<PoisonNotes>().Mended = true;
        (await outbox.RequeueAsync(dead.Id, default)).ShouldBeTrue();
        await process.Services.UntilQuietAsync();
        (await outbox.ListAsync(deadLetters, default)).ShouldBeEmpty();
        (await CountAsync(process, db => db.Receipts)).ShouldBe(1);
        (await outbox.RequeueAsync(Guid.NewGuid(), default)).ShouldBeFalse();
    }

    [Fact]
    public async Task Given_a_queue_setting_that_makes_no_sense_When_the_process_starts_Then_it_refuses_naming_the_queue_and_the_setting()
    {
        var error = await Should.ThrowAsync<Microsoft.Extensions.Options.OptionsValidationException>(
            () => StartAsync(settings: new Dictionary<string, string?> { ["WorkQueues:outbox:BatchSize"] = "0", ["WorkQueues:outbox:Jitter"] = "3" }));

        error.Message.ShouldContain("outbox: BatchSize");
        error.Message.ShouldContain("outbox: Jitter");
    }

    [Fact]
    public async Task Given_the_one_switch_off_When_the_process_starts_Then_every_queue_is_off_whatever_its_own_setting_says()
    {
        var settings = new Dictionary<string, string?> { ["WorkQueues:Enabled"] = "false", ["WorkQueues:outbox:Enabled"] = "true", ["WorkQueues:outbox:BatchSize"] = "9", ["Outbox:BatchSize"] = "7" };
        await using var process = await TestProcess.StartAsync(Database, Modules, settings, null, services => services.AddSingleton(new FirstSightRace()));
        var off = process.Services.GetRequiredService<Microsoft.Extensions.Options.IOptionsMonitor<WorkQueueOptions>>().Get(OutboxQueue.QueueName);

        off.Enabled.ShouldBeFalse("operator commands and the test host turn every queue off with one switch");
        off.BatchSize.ShouldBe(9, "the queue's settings are read from WorkQueues:outbox, not from the former Outbox section");

        settings["WorkQueues:Enabled"] = "true";
        await using var on = await TestProcess.StartAsync(Database, Modules, settings, null, services => services.AddSingleton(new FirstSightRace()));
        on.Services.GetRequiredService<Microsoft.Extensions.Options.IOptionsMonitor<WorkQueueOptions>>().Get(OutboxQueue.QueueName).Enabled.ShouldBeTrue();
    }

    [Fact]
    public async Task Given_forty_commands_writing_at_once_When_they_commit_Then_every_one_is_saved_with_its_event()
    {
        await using var process = await StartAsync(dispatcher: false);

        // On SQLite they queue at the process's write gate (one writer per file) instead of failing as busy.
        await Task.WhenAll(Enumerable.Range(0, 40).Select(i => process.SendAsync(new WriteNote($"note {i}"))));

        (await CountAsync(process, db => db.Notes)).ShouldBe(40);
        (await CountAsync(process, db => db.Outbox)).ShouldBe(40);
    }

    [Fact]
    public void Given_the_retry_settings_When_attempts_grow_Then_the_backoff_doubles_up_to_the_cap()
    {
        var options = new WorkQueueOptions { RetryBaseDelay = TimeSpan.FromSeconds(2), RetryMaxDelay = TimeSpan.FromSeconds(30) };

        Enumerable.Range(1, 6).Select(options.BackoffAfter).ShouldBe(
            [TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(8), TimeSpan.FromSeconds(16), TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(30)]);
    }

    protected Task<TestProcess> StartAsync(
        TimeProvider? time = null, bool dispatcher = true, Dictionary<string, string?>? settings = null, DeliveryLog? log = null, FirstSightRace? race = null)
    {
        settings ??= [];
        settings["WorkQueues:outbox:Enabled"] = dispatcher.ToString();
        return TestProcess.StartAsync(Database, Modules, settings, time, services =>
        {
            if (log is not null)
            {
                DeliveryLog.AddTo(services, log);
            }

            services.AddSingleton(race ?? new FirstSightRace());
        });
    }

    protected static Task<int> CountAsync<T>(TestProcess process, Func<SampleDbContext, IQueryable<T>> query) =>
        QueryAsync(process, db => query(db).CountAsync());

    protected static async Task<T> QueryAsync<T>(TestProcess process, Func<SampleDbContext, Task<T>> query)
    {
        await using var scope = process.Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<SampleDbContext>());
    }
}

public sealed class OutboxTests_on_Sqlite() : OutboxTests(DatabaseProvider.Sqlite)
{
    [Fact]
    public async Task Given_the_embedded_default_When_a_request_opens_its_connection_Then_commits_skip_the_fsync_and_a_busy_file_is_waited_out_by_SQLite()
    {
        await using var process = await StartAsync(dispatcher: false);

        var (synchronous, busyTimeout, tempStore) = await QueryAsync(process, async db =>
        {
            var connection = db.Database.GetDbConnection();
            await db.Database.OpenConnectionAsync();
            async Task<long> PragmaAsync(string name)
            {
                await using var command = connection.CreateCommand();
                command.CommandText = $"PRAGMA {name}";
                return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
            }

            return (await PragmaAsync("synchronous"), await PragmaAsync("busy_timeout"), await PragmaAsync("temp_store"));
        });

        synchronous.ShouldBe(1, "NORMAL under WAL");
        busyTimeout.ShouldBe(5000);
        tempStore.ShouldBe(2, "MEMORY");
    }
}

public sealed class OutboxTests_on_Postgres() : OutboxTests(DatabaseProvider.Postgres)
{
    [Fact]
    public async Task Given_two_processes_on_one_database_When_both_dispatch_Then_no_event_is_published_twice()
    {
        const int Events = 1500;
        var settings = new Dictionary<string, string?> { ["WorkQueues:outbox:BatchSize"] = "25" };
        var logB = new DeliveryLog();
        // A starts first and could drain all before B runs; it holds its deliveries (a batch it has claimed)
        // until B has delivered one, so both take a share on any machine.
        var logA = new DeliveryLog { HoldUntil = logB.FirstDelivered };
        await using var writer = await StartAsync(dispatcher: false);
        await using (var scope = writer.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<SampleDbContext>();
            await scope.ServiceProvider.GetRequiredService<UnitOfWork>().ExecuteAsync(
                () =>
                {
                    for (var i = 0; i < Events; i++)
                    {
                        var note = new Note { Id = Guid.NewGuid(), Text = $"note {i}" };
                        db.Notes.Add(note);
                        db.AddIntegrationEvent(new NoteWritten(note.Id, note.Text));
                    }

                    return Task.CompletedTask;
                },
                CancellationToken.None);
        }

        await using var processA = await StartAsync(settings: settings, log: logA);
        await using var processB = await StartAsync(settings: settings, log: logB);

        await Task.WhenAll(processA.Services.UntilQuietAsync(), processB.Services.UntilQuietAsync());

        var all = logA.Delivered.Concat(logB.Delivered).ToList();
        all.Count.ShouldBe(Events);
        all.Distinct().Count().ShouldBe(Events);
        logA.Delivered.ShouldNotBeEmpty("process A took a share");
        logB.Delivered.ShouldNotBeEmpty("process B took a share");
        (await CountAsync(writer, db => db.Receipts)).ShouldBe(Events);
    }
}

[NeedsSqlServer]
public sealed class OutboxTests_on_SqlServer() : OutboxTests(DatabaseProvider.SqlServer);
