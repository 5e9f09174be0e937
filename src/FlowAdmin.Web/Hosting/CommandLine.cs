namespace FlowAdmin.Web.Hosting;

/// <summary>
/// What the command line asks for: an admin verb (see <see cref="AdminCommands"/>) with its own options, and the
/// rest as ASP.NET Core's --Section:Key value configuration.
/// </summary>
/// <param name="Verb">The first argument when it is not an --option, e.g. "migrate"; null to run the app.</param>
/// <param name="Options">The verb's own options by name without the dashes (<c>--name X</c> → name = X).</param>
/// <param name="Configuration">What WebApplication.CreateBuilder reads.</param>
public sealed record CommandLineRequest(string? Verb, IReadOnlyDictionary<string, string> Options, string[] Configuration);

public static class CommandLine
{
    /// <summary>
    /// Splits the arguments. The verb's own options (<c>create-tenant --name Acme</c>) are taken out, so they never
    /// become configuration keys; everything else (<c>--Database:Provider PostgreSql</c>) still configures the app.
    /// <c>--demo</c> is short for <c>--FlowAdmin:Demo true</c>.
    /// </summary>
    public static CommandLineRequest Parse(string[] args)
    {
        var verb = args.Length > 0 && !args[0].StartsWith('-') ? args[0] : null;
        var own = verb is null ? [] : AdminCommands.OptionsOf(verb);
        var options = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var configuration = new List<string>();
        for (var i = verb is null ? 0 : 1; i < args.Length; i++)
        {
            var arg = args[i];
            if (arg == "--demo")
            {
                configuration.AddRange(["--FlowAdmin:Demo", "true"]);
                continue;
            }
            var (name, inline) = arg.StartsWith("--", StringComparison.Ordinal) && arg.IndexOf('=') is var eq and > 0
                ? (arg[2..eq], arg[(eq + 1)..])
                : (arg.StartsWith("--", StringComparison.Ordinal) ? arg[2..] : "", null);
            if (!own.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                configuration.Add(arg);
                continue;
            }
            // "--name --admin-email x": the value is missing, not "--admin-email" (use --name=--x for such a value).
            if (inline is not null) options[name] = inline;
            else if (i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal)) options[name] = args[++i];
        }
        return new(verb, options, [.. configuration]);
    }
}
