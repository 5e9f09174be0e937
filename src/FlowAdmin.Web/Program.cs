using FlowAdmin.Web.Hosting;

var builder = WebApplication.CreateBuilder(CommandLine.Normalize(args));
builder.AddFlowAdmin();

var app = builder.Build();
await app.PrepareDatabaseAsync();
app.MapFlowAdmin();
app.Run();

/// <summary>Visible to WebApplicationFactory in the test projects.</summary>
public partial class Program;
