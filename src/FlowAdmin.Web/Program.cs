using FlowAdmin.Web.Hosting;

var builder = WebApplication.CreateBuilder(CommandLine.Normalize(args));
builder.AddFlowAdmin();

var app = builder.Build();
if (CommandLine.Verb(args) == "migrate")
{
    // Production deployments apply migrations explicitly: `FlowAdmin.Web migrate`, then start the app.
    return await app.MigrateAndExitAsync();
}
await app.PrepareDatabaseAsync();
app.MapFlowAdmin();
app.Run();
return 0;

/// <summary>Visible to WebApplicationFactory in the test projects.</summary>
public partial class Program;
