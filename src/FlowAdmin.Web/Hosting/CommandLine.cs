namespace FlowAdmin.Web.Hosting;

/// <summary>Verbs and friendly flags on top of ASP.NET Core's --Section:Key value arguments.</summary>
public static class CommandLine
{
    /// <summary><c>--demo</c> is short for <c>--FlowAdmin:Demo true</c>; a leading verb is not configuration.</summary>
    public static string[] Normalize(string[] args) =>
        [.. args.Skip(Verb(args) is null ? 0 : 1).SelectMany(a => a == "--demo" ? new[] { "--FlowAdmin:Demo", "true" } : [a])];

    /// <summary>The first argument when it is a verb (not a --option), e.g. "migrate".</summary>
    public static string? Verb(string[] args) => args.Length > 0 && !args[0].StartsWith('-') ? args[0] : null;
}
