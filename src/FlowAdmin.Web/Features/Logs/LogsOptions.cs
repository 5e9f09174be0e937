namespace FlowAdmin.Web.Features.Logs;

/// <summary>The "Logs" section of configuration (see appsettings.sample.json).</summary>
public sealed class LogsOptions
{
    public const string Section = "Logs";

    /// <summary>Entries older than this many days are deleted by the retention job.</summary>
    public int RetentionDays { get; set; } = 30;

    /// <summary>Rows deleted per statement: small, so a writer never waits long for the table.</summary>
    public int RetentionBatchSize { get; set; } = 500;

    /// <summary>How often the retention job runs.</summary>
    public int RetentionIntervalMinutes { get; set; } = 60;

    /// <summary>Index new entries' bodies for "body contains" in the background, every second (SQLite; tests turn it off to decide when).</summary>
    public bool BodyIndexEnabled { get; set; } = true;

    /// <summary>
    /// While the push intake is committing, the body index waits, up to this many entries behind; the
    /// search reads the entries above the index's mark directly (slower the more there are), and the
    /// index catches up as soon as the burst ends or the lag reaches this.
    /// </summary>
    public int BodyIndexMaxLag { get; set; } = 50_000;

    /// <summary>A push commit this recent (milliseconds) counts as a burst the body index waits for.</summary>
    public int BodyIndexYieldWindowMs { get; set; } = 200;
}
