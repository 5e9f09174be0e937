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
