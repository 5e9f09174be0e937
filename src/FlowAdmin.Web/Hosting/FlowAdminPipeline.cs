using System.Globalization;
using FlowAdmin.Web.Components;
using FlowAdmin.Web.Features.ManagementApi;
using FlowAdmin.Web.Localization;
using Microsoft.AspNetCore.Localization;

namespace FlowAdmin.Web.Hosting;

public static class FlowAdminPipeline
{
    public static WebApplication MapFlowAdmin(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/Error", createScopeForErrors: true);
            app.UseHsts();
        }
        app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
        app.UseManagementApiProblems();

        app.UseRequestLocalization(options =>
        {
            var cultures = Cultures.Supported.Select(c => new CultureInfo(c)).ToList();
            options.DefaultRequestCulture = new RequestCulture(Cultures.Default);
            options.SupportedCultures = cultures;
            options.SupportedUICultures = cultures;
            // The language switch writes the cookie; browsers' Accept-Language does not override pt-BR.
            options.RequestCultureProviders = [new CookieRequestCultureProvider()];
        });

        // Before authentication: on an empty database nobody can sign in, so every page goes to setup.
        app.UseMiddleware<Features.Setup.SetupRedirect>();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        app.UseAntiforgery();
        app.MapStaticAssets();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        app.MapAdditionalIdentityEndpoints();
        app.MapCultureEndpoint();
        Features.Push.PushEndpoint.MapPushApi(app);
        Features.Logs.LogCsv.MapLogExport(app);
        app.MapManagementApi();
        return app;
    }
}
