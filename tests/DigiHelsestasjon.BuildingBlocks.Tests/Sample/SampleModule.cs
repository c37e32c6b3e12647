using DigiHelsestasjon.BuildingBlocks.Contracts;
using DigiHelsestasjon.BuildingBlocks.Mediation;
using DigiHelsestasjon.BuildingBlocks.Modules;
using DigiHelsestasjon.BuildingBlocks.Outbox;
using DigiHelsestasjon.BuildingBlocks.Persistence;
using MediatR;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;

namespace DigiHelsestasjon.BuildingBlocks.Tests.Sample;

/// <summary>A module as small as a module gets, to exercise the building blocks.</summary>
public sealed class SampleModule : IModule
{
    public string Name => "Sample";

    public void AddServices(IServiceCollection services, ModuleContext context)
    {
        services.AddModuleDbContext<SampleDbContext>(context.Database, SampleDbContext.SchemaName);
        services.AddSingleton<PoisonNotes>();
    }

    public void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
    }
}

public sealed class Note
{
    public Guid Id { get; set; }

    public string Text { get; set; } = "";
}

/// <summary>What the sample consumer did: one row per handling.</summary>
public sealed class NoteReceipt
{
    public Guid Id { get; set; }

    public Guid NoteId { get; set; }
}

public sealed class SampleDbContext(DbContextOptions<SampleDbContext> options) : ModuleDbContext(options)
{
    public const string SchemaName = "sample";

    public override string Schema => SchemaName;

    public DbSet<Note> Notes => Set<Note>();

    public DbSet<NoteReceipt> Receipts => Set<NoteReceipt>();

    protected override void ConfigureModule(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Note>(note =>
        {
            note.ToTable("notes");
            note.Property(n => n.Text).HasMaxLength(200);
        });
        modelBuilder.Entity<NoteReceipt>(receipt =>
        {
            receipt.ToTable("note_receipts");
            receipt.HasIndex(r => r.NoteId);
        });
    }
}

/// <summary>How <c>dotnet ef</c> builds the sample context; its migrations are generated per provider in
/// <c>Sample/Migrations</c> like a module's (scripts/add-migration.sh tests/DigiHelsestasjon.BuildingBlocks.Tests Name Sample/Migrations).</summary>
public sealed class SampleDesignTimeFactory() : ModuleDesignTimeFactory<SampleDbContext>(SampleDbContext.SchemaName);

public sealed record NoteWritten(Guid NoteId, string Text) : IntegrationEvent;

/// <summary>Writes a note and raises <see cref="NoteWritten"/>; <c>FailAfterWriting</c> makes the
/// handler throw after it added both, as a failing use case would.</summary>
public sealed record WriteNote(string Text, bool FailAfterWriting = false) : ICommand<Guid>;

internal sealed class WriteNoteHandler(SampleDbContext db) : IRequestHandler<WriteNote, Guid>
{
    public Task<Guid> Handle(WriteNote request, CancellationToken cancellationToken)
    {
        var note = new Note { Id = Guid.NewGuid(), Text = request.Text };
        db.Notes.Add(note);
        db.AddIntegrationEvent(new NoteWritten(note.Id, note.Text));
        if (request.FailAfterWriting)
        {
            throw new InvalidOperationException("The use case failed after writing.");
        }

        return Task.FromResult(note.Id);
    }
}

internal sealed class WriteNoteValidator : IValidator<WriteNote>
{
    public IEnumerable<ValidationFailure> Validate(WriteNote request)
    {
        if (string.IsNullOrWhiteSpace(request.Text))
        {
            yield return new ValidationFailure("text", "A note needs text.");
        }
    }
}

/// <summary>Whether the consumer still fails on text "fail": a test mends it as an operator mends a cause.</summary>
public sealed class PoisonNotes
{
    public bool Mended { get; set; }
}

/// <summary>An inbox consumer: one receipt per note, however often the event arrives.
/// Text "fail" makes it throw every time (a poison event) until <see cref="PoisonNotes.Mended"/>.</summary>
internal sealed class NoteReceiptWriter(SampleDbContext db, TimeProvider time, PoisonNotes poison) : IntegrationEventHandler<NoteWritten, SampleDbContext>(db, time)
{
    /// <summary>A note of a kind this consumer does not follow.</summary>
    public const string NotForMe = "not for me";

    protected override bool Handles(NoteWritten integrationEvent) => integrationEvent?.Text != NotForMe;

    protected override Task HandleOnceAsync(NoteWritten integrationEvent, CancellationToken cancellationToken)
    {
        if (integrationEvent.Text == "fail" && !poison.Mended)
        {
            throw new InvalidOperationException("This consumer cannot handle the note.");
        }

        Db.Receipts.Add(new NoteReceipt { Id = Guid.NewGuid(), NoteId = integrationEvent.NoteId });
        return Task.CompletedTask;
    }
}

/// <summary>Writes a note, then sends <see cref="WriteNote"/> as a nested command; with <c>NestedFails</c> the nested
/// one fails and this handler catches it and carries on, as a careless handler might.</summary>
public sealed record WriteNoteWithNested(string Text, bool NestedFails) : ICommand<Guid>;

internal sealed class WriteNoteWithNestedHandler(SampleDbContext db, IMediator mediator, UnitOfWork unitOfWork) : IRequestHandler<WriteNoteWithNested, Guid>
{
    public async Task<Guid> Handle(WriteNoteWithNested request, CancellationToken cancellationToken)
    {
        var note = new Note { Id = Guid.NewGuid(), Text = request.Text };
        db.Notes.Add(note);
        db.AddIntegrationEvent(new NoteWritten(note.Id, note.Text));

        // SQL that runs at once, inside the command's transaction: rolled back with the rest.
        await unitOfWork.JoinTransactionAsync(cancellationToken);
        var insert = db.IsSqlite
            ? "INSERT INTO \"sample_notes\" (\"Id\", \"Text\") VALUES ({0}, {1})"
            : "INSERT INTO \"sample\".\"notes\" (\"Id\", \"Text\") VALUES ({0}, {1})";
        await db.Database.ExecuteSqlRawAsync(insert, [Guid.NewGuid(), "immediate"], cancellationToken);
        try
        {
            await mediator.Send(new WriteNote($"{request.Text} (nested)", FailAfterWriting: request.NestedFails), cancellationToken);
        }
        catch (InvalidOperationException)
        {
            // Carries on: the unit of work must still refuse to commit half a change.
        }

        return note.Id;
    }
}

/// <summary>Records a note the first time its id is seen, as Identity records a person on first sight.</summary>
public sealed record RecordNoteOnce(Guid NoteId) : ICommand<bool>;

/// <summary>Holds the first two handlers until both have looked, so that both decide to insert: the race, made certain.</summary>
public sealed class FirstSightRace
{
    private readonly TaskCompletionSource bothLooked = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int arrived;

    /// <summary>How many times a handler looked: the work is never run again after losing the race.</summary>
    public int Looks => Volatile.Read(ref arrived);

    public async Task LookedAsync()
    {
        var count = Interlocked.Increment(ref arrived);
        if (count == 2)
        {
            bothLooked.SetResult();
        }

        if (count <= 2)
        {
            await bothLooked.Task.WaitAsync(TimeSpan.FromSeconds(30));
        }
    }
}

internal sealed class RecordNoteOnceHandler(SampleDbContext db, FirstSightRace race) : IRequestHandler<RecordNoteOnce, bool>
{
    public async Task<bool> Handle(RecordNoteOnce request, CancellationToken cancellationToken)
    {
        var seen = await db.Notes.AnyAsync(n => n.Id == request.NoteId, cancellationToken);
        await race.LookedAsync();
        return !seen && await db.InsertIfAbsentAsync(new Note { Id = request.NoteId, Text = "first sight" }, cancellationToken);
    }
}

/// <summary>Inserts a note if absent and then changes it in the same unit, as a first-seen person is then refreshed.</summary>
public sealed record RecordNoteThenEdit(Guid NoteId, string Text) : ICommand<bool>;

internal sealed class RecordNoteThenEditHandler(SampleDbContext db) : IRequestHandler<RecordNoteThenEdit, bool>
{
    public async Task<bool> Handle(RecordNoteThenEdit request, CancellationToken cancellationToken)
    {
        var note = new Note { Id = request.NoteId, Text = "first sight" };
        var inserted = await db.InsertIfAbsentAsync(note, cancellationToken);
        note.Text = request.Text;
        return inserted;
    }
}

/// <summary>A query that writes, as a careless handler might: through the change tracker or with a statement.</summary>
public sealed record CountNotesCarelessly(bool WithStatement) : IQuery<int>;

internal sealed class CountNotesCarelesslyHandler(SampleDbContext db) : IRequestHandler<CountNotesCarelessly, int>
{
    public async Task<int> Handle(CountNotesCarelessly request, CancellationToken cancellationToken)
    {
        if (request.WithStatement)
        {
            await db.Notes.Where(n => n.Text == "first sight").ExecuteUpdateAsync(set => set.SetProperty(n => n.Text, "counted"), cancellationToken);
        }
        else
        {
            db.Notes.Add(new Note { Id = Guid.NewGuid(), Text = "counted" });
        }

        return await db.Notes.CountAsync(cancellationToken);
    }
}

/// <summary>A query that only reads.</summary>
public sealed record CountNotes : IQuery<int>;

internal sealed class CountNotesHandler(SampleDbContext db) : IRequestHandler<CountNotes, int>
{
    public Task<int> Handle(CountNotes request, CancellationToken cancellationToken) => db.Notes.CountAsync(cancellationToken);
}
