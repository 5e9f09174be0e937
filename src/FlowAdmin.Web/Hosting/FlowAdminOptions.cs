namespace FlowAdmin.Web.Hosting;

/// <summary>The "FlowAdmin" section of configuration (see appsettings.sample.json).</summary>
public sealed class FlowAdminOptions
{
    public const string Section = "FlowAdmin";

    /// <summary>Where the SQLite database and other local state live; relative to the content root.</summary>
    public string DataFolder { get; set; } = "App_Data";

    /// <summary>Create the demo tenant on start-up (same as the --demo flag).</summary>
    public bool Demo { get; set; }

    /// <summary>Public base URL used to build push URLs; empty means the request's own scheme and host.</summary>
    public string PublicBaseUrl { get; set; } = "";

    /// <summary>
    /// The thread pool's floor of worker threads (0: the runtime's own, one per core). SQLite's ADO.NET provider
    /// runs every "async" command synchronously on its caller's thread, so on a 2-core machine two long writes
    /// (a recorder batch, a body-index chunk) hold every pool thread, and everything else waits for the pool
    /// to add threads, one per 0.5 s or so (webhook p99 at 500 events/s: 69 -> 7 ms with 32, docs/benchmarks.md).
    /// </summary>
    public int MinWorkerThreads { get; set; } = 32;
}

/// <summary>The "Database" section: which provider and where.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";

    /// <summary>Sqlite (default), SqlServer or PostgreSql.</summary>
    public string Provider { get; set; } = "Sqlite";

    /// <summary>Empty with Sqlite means {DataFolder}/flowadmin.db.</summary>
    public string ConnectionString { get; set; } = "";

    /// <summary>Apply pending migrations on start-up (otherwise run the app with the migrate verb).</summary>
    public bool MigrateOnStartup { get; set; } = true;
}
