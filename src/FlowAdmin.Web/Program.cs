using FlowAdmin.Web.Hosting;

// A leading verb (migrate, create-tenant, create-api-key, seed-demo) runs an admin command and exits; see AdminCommands.
var command = CommandLine.Parse(args);
if (AdminCommands.UsageProblem(command) is { } problem) return AdminCommands.Usage(problem);

var builder = WebApplication.CreateBuilder(command.Configuration);
builder.AddFlowAdmin();
if (command.Verb is not null) AdminCommands.QuietLogging(builder.Logging);

var app = builder.Build();
if (command.Verb is not null) return await AdminCommands.RunAsync(app, command);

await app.PrepareDatabaseAsync();
app.MapFlowAdmin();
app.Run();
return 0;

/// <summary>Visible to WebApplicationFactory in the test projects.</summary>
public partial class Program;
