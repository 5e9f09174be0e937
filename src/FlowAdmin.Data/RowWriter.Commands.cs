using System.Data;
using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace FlowAdmin.Data;

/// <summary>
/// The commands RowWriter keeps per context, one per statement, while the context's connection stays open: the
/// push intake's group commit and the webhook recorder keep one context and connection across batches, and
/// preparing each batch's statements anew was 7–20% of the group commit's statement time (SQLite prepares a
/// command's SQL at its first execution and keeps it until the command is disposed or its connection closed).
/// </summary>
public static partial class RowWriter
{
    // Keyed by the context, not the connection: a context is used by one thread at a time, and two contexts
    // that share a connection must not share a command. The entry goes with its context.
    private static readonly ConditionalWeakTable<DbContext, Commands> CommandsOf = new();

    private sealed class Commands
    {
        private readonly Dictionary<Statement, DbCommand> _byStatement = new(ReferenceEqualityComparer.Instance);
        private readonly Dictionary<Statement, NativeStatement> _native = new(ReferenceEqualityComparer.Instance);
        private DbConnection? _connection;

        /// <summary>The kept command for <paramref name="statement"/> on <paramref name="connection"/>, or a new one kept from now on.</summary>
        public DbCommand Get(DbConnection connection, Statement statement)
        {
            Use(connection);
            if (!_byStatement.TryGetValue(statement, out var command))
            {
                command = connection.CreateCommand();
                command.CommandText = statement.Sql;
                _byStatement[statement] = command;
            }
            return command;
        }

        /// <summary>The kept native statement (SQLite) for <paramref name="statement"/>, or null where the ADO.NET command is used.</summary>
        public NativeStatement? Native(DbConnection connection, Statement statement)
        {
            Use(connection);
            if (_native.TryGetValue(statement, out var native)) return native;
            native = NativeStatement.TryPrepare(connection, statement);
            if (native is not null) _native[statement] = native;
            return native;
        }

        private void Use(DbConnection connection)
        {
            if (!ReferenceEquals(connection, _connection))
            {
                if (_connection is not null) _connection.StateChange -= OnStateChange;
                Clear();
                _connection = connection;
                // A closed connection (a context's end, a pooled context's return, a failed batch's retry) drops its
                // commands: SQLite finalizes their statements at Close anyway, and nothing outlives the connection.
                connection.StateChange += OnStateChange;
            }
        }

        /// <summary>Drops a command whose execution failed, so that no half-run state is reused.</summary>
        public void Drop(Statement statement)
        {
            if (_byStatement.Remove(statement, out var command)) command.Dispose();
            if (_native.Remove(statement, out var native)) native.Dispose();
        }

        private void OnStateChange(object sender, StateChangeEventArgs e)
        {
            if (e.CurrentState != ConnectionState.Open) Clear();
        }

        private void Clear()
        {
            foreach (var command in _byStatement.Values) command.Dispose();
            _byStatement.Clear();
            // A pooled handle goes on to another connection, which must not find this one's statements on it.
            foreach (var native in _native.Values) native.Dispose();
            _native.Clear();
        }
    }

    /// <summary>The native statement for <paramref name="statement"/> on the context's open connection (SQLite), or null.</summary>
    private static async Task<NativeStatement?> NativeAsync(DbContext db, Statement statement, CancellationToken ct)
    {
        await db.Database.OpenConnectionAsync(ct);
        return CommandsOf.GetOrCreateValue(db).Native(db.Database.GetDbConnection(), statement);
    }

    private static async Task<DbCommand> CommandAsync(DbContext db, Statement statement, CancellationToken ct)
    {
        await db.Database.OpenConnectionAsync(ct);
        var command = CommandsOf.GetOrCreateValue(db).Get(db.Database.GetDbConnection(), statement);
        // The transaction changes from batch to batch; SQLite refuses a command whose transaction is not the connection's.
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        return command;
    }

    /// <summary>
    /// Runs <paramref name="execute"/> on <paramref name="statement"/>'s kept command. A failure drops the command
    /// (no half-run state is reused) and fails as SaveChanges would, with the provider's error inside a
    /// DbUpdateException (callers tell unique violations apart by it).
    /// </summary>
    private static async Task<TResult> ExecuteAsync<TResult>(DbContext db, Statement statement, Func<Task<TResult>> execute)
    {
        try
        {
            return await execute();
        }
        catch (Exception e)
        {
            if (CommandsOf.TryGetValue(db, out var commands)) commands.Drop(statement);
            if (e is DbException) throw new DbUpdateException(e.Message, e);
            throw;
        }
    }
}
