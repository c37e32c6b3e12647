using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace DigiHelsestasjon.YouthChat.Features.Conversations;

/// <summary>Deleting a conversation so that its text is gone from the files too, not only from the tables. On SQLite a
/// deleted row stays readable in free pages and in the write-ahead log: the delete runs with <c>secure_delete</c> (freed
/// content is overwritten with zeros) and, once committed, the log is checkpointed and truncated. On PostgreSQL the
/// deleted rows stay in the data files until VACUUM reuses the space (docs/operations.md).</summary>
internal static class ChatErasure
{
    /// <summary>Deletes every event and the conversation, in the caller's transaction; true if the conversation was there.</summary>
    public static async Task<bool> DeleteAsync(YouthChatDbContext db, Guid conversationId, CancellationToken cancellationToken)
    {
        if (db.IsSqlite)
        {
            await db.Database.ExecuteSqlRawAsync("PRAGMA secure_delete = ON", cancellationToken);
        }

        await db.Events.Where(e => e.ConversationId == conversationId).ExecuteDeleteAsync(cancellationToken);
        return await db.Conversations.Where(c => c.Id == conversationId).ExecuteDeleteAsync(cancellationToken) == 1;
    }

    /// <summary>After the commit: moves the write-ahead log into the database file and empties it. Best effort: a reader
    /// still inside an older snapshot keeps the log until the next checkpoint.</summary>
    public static async Task CheckpointAsync(DatabaseSettings database, ILogger logger)
    {
        if (database.Provider != DatabaseProvider.Sqlite)
        {
            return;
        }

        try
        {
            await using var connection = new SqliteConnection(database.ConnectionString);
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA wal_checkpoint(TRUNCATE)";
            await command.ExecuteNonQueryAsync();
        }
        catch (SqliteException exception)
        {
            logger.LogWarning("Could not checkpoint the database after erasing a chat: {Error}", exception.Message);
        }
    }
}
