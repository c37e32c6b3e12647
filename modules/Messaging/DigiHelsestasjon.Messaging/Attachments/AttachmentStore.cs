using DigiHelsestasjon.BuildingBlocks.Persistence;
using DigiHelsestasjon.Messaging.Persistence;
using DigiHelsestasjon.Messaging.Persistence.Entities;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace DigiHelsestasjon.Messaging.Attachments;

/// <summary>Where attachment bytes live, outside the message rows: a thread list never reads a file.</summary>
internal interface IAttachmentStore
{
    /// <summary>Stores the bytes under the attachment's id. The database store adds them to the command's transaction;
    /// the file store writes at once (an attachment whose row never commits leaves an orphan file, never a row without bytes).</summary>
    Task PutAsync(Guid id, byte[] content, CancellationToken cancellationToken);

    /// <summary>The bytes, or null when they are gone.</summary>
    Task<byte[]?> ReadAsync(Guid id, CancellationToken cancellationToken);
}

/// <summary>PostgreSQL: the bytes in a <c>bytea</c> column of <c>messaging.attachment_contents</c>, in the same transaction as the
/// attachment's row, so a backup of the database is a backup of the files. Chosen over large objects because attachments are
/// small (the journals take at most a few MB), <c>bytea</c> needs no <c>lo_unlink</c> clean-up, and EF reads and writes it as is.</summary>
internal sealed class DatabaseAttachmentStore(MessagingDbContext db) : IAttachmentStore
{
    public Task PutAsync(Guid id, byte[] content, CancellationToken cancellationToken)
    {
        db.AttachmentContents.Add(new AttachmentContent { Id = id, Content = content });
        return Task.CompletedTask;
    }

    public async Task<byte[]?> ReadAsync(Guid id, CancellationToken cancellationToken) =>
        await db.AttachmentContents.AsNoTracking().Where(c => c.Id == id).Select(c => c.Content).FirstOrDefaultAsync(cancellationToken);
}

/// <summary>The embedded default: one file per attachment in a folder next to the SQLite database, written to a
/// temporary name and moved into place, so a reader never sees half a file.</summary>
internal sealed class FileAttachmentStore(string folder) : IAttachmentStore
{
    public string Folder => folder;

    public async Task PutAsync(Guid id, byte[] content, CancellationToken cancellationToken)
    {
        System.IO.Directory.CreateDirectory(folder);
        var path = PathOf(id);
        var temporary = path + ".partial-" + Guid.NewGuid().ToString("N");
        await File.WriteAllBytesAsync(temporary, content, cancellationToken);
        File.Move(temporary, path, overwrite: true);
    }

    public async Task<byte[]?> ReadAsync(Guid id, CancellationToken cancellationToken)
    {
        var path = PathOf(id);
        return File.Exists(path) ? await File.ReadAllBytesAsync(path, cancellationToken) : null;
    }

    private string PathOf(Guid id) => Path.Combine(folder, id.ToString("N"));

    private static string DataSourceOf(string connectionString)
    {
        try
        {
            return new SqliteConnectionStringBuilder(connectionString).DataSource;
        }
        catch (ArgumentException)
        {
            // Not a SQLite connection string: the database settings are refused where they are used, with their own message.
            return "";
        }
    }

    /// <summary><c>Modules:Messaging:AttachmentFolder</c>, or an <c>attachments</c> folder beside the SQLite database file.</summary>
    public static string DefaultFolder(string? configured, DatabaseSettings database)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return Path.GetFullPath(configured);
        }

        var source = database.Provider == DatabaseProvider.Sqlite ? DataSourceOf(database.ConnectionString) : "";
        return string.IsNullOrWhiteSpace(source) || source.StartsWith(':') || source.StartsWith("file:", StringComparison.OrdinalIgnoreCase)
            ? Path.Combine(Path.GetTempPath(), "digihelsestasjon-attachments")
            : Path.Combine(Path.GetDirectoryName(Path.GetFullPath(source))!, "attachments");
    }
}

/// <summary>What a file is, by its first bytes: the type a client claims is not trusted (a renamed .exe is not a PNG).</summary>
internal static class FileSignatures
{
    private static readonly (string ContentType, byte[] Magic)[] Known =
    [
        ("image/png", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]),
        ("image/jpeg", [0xFF, 0xD8, 0xFF]),
        ("application/pdf", "%PDF-"u8.ToArray()),
    ];

    /// <summary>The types the platform takes at all (a journal may take fewer).</summary>
    public static IReadOnlyList<string> Supported { get; } = Known.Select(k => k.ContentType).ToList();

    /// <summary>The content's type, or null when it is none the platform takes.</summary>
    public static string? Detect(ReadOnlySpan<byte> content)
    {
        foreach (var (contentType, magic) in Known)
        {
            if (content.StartsWith(magic))
            {
                return contentType;
            }
        }

        return null;
    }
}
