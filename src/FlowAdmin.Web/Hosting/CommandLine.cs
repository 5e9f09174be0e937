namespace FlowAdmin.Web.Hosting;

/// <summary>Friendly flags on top of ASP.NET Core's --Section:Key value arguments.</summary>
public static class CommandLine
{
    /// <summary><c>--demo</c> is short for <c>--FlowAdmin:Demo true</c>.</summary>
    public static string[] Normalize(string[] args) =>
        [.. args.SelectMany(a => a == "--demo" ? new[] { "--FlowAdmin:Demo", "true" } : [a])];
}
