using FlowAdmin.Data;
using FlowAdmin.Data.Entities;
using FlowAdmin.Web.Components.Account;
using FlowAdmin.Web.Tenancy;
using FluentValidation;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using MudBlazor.Services;

namespace FlowAdmin.Web.Hosting;

public static class FlowAdminServices
{
    /// <summary>Everything the app needs, in one call from Program.cs.</summary>
    public static WebApplicationBuilder AddFlowAdmin(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var configuration = builder.Configuration;

        services.Configure<FlowAdminOptions>(configuration.GetSection(FlowAdminOptions.Section));
        RaiseThreadPoolFloor(configuration.GetSection(FlowAdminOptions.Section).GetValue(nameof(FlowAdminOptions.MinWorkerThreads), new FlowAdminOptions().MinWorkerThreads));
        services.Configure<DatabaseOptions>(configuration.GetSection(DatabaseOptions.Section));
        services.Configure<Features.Outbound.OutboundOptions>(configuration.GetSection(Features.Outbound.OutboundOptions.Section));
        services.Configure<Features.Logs.LogsOptions>(configuration.GetSection(Features.Logs.LogsOptions.Section));

        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddMudServices();
        services.AddTransient<MudBlazor.MudLocalizer, Localization.FlowAdminMudLocalizer>();
        services.AddLocalization();
        services.AddHttpContextAccessor();

        services.AddFlowAdminData(configuration, builder.Environment.ContentRootPath);
        services.AddScoped<CurrentTenant>();
        services.AddScoped<ITenantScope>(sp => sp.GetRequiredService<CurrentTenant>());
        services.AddDataProtection().SetApplicationName("FlowAdmin").PersistKeysToDbContext<AppDbContext>();

        services.AddCascadingAuthenticationState();
        services.AddScoped<IdentityRedirectManager>();
        services.AddScoped<AuthenticationStateProvider, IdentityRevalidatingAuthenticationStateProvider>();
        services.AddAuthentication(options =>
            {
                options.DefaultScheme = IdentityConstants.ApplicationScheme;
                options.DefaultSignInScheme = IdentityConstants.ExternalScheme;
            })
            .AddIdentityCookies();
        services.AddSingleton<Microsoft.AspNetCore.Authorization.IAuthorizationMiddlewareResultHandler, ForbiddenPageResultHandler>();
        services.AddAuthorizationBuilder()
            .AddPolicy(Policies.Administrator, p => p.RequireRole(Roles.Administrator))
            .AddPolicy(Policies.Member, p => p.RequireRole(Roles.Administrator, Roles.Agent));
        services.AddIdentityCore<AppUser>(options =>
            {
                options.User.RequireUniqueEmail = true;
                options.Password.RequiredLength = 8;
                options.Lockout.MaxFailedAccessAttempts = 5;
                options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(5);
                // "Confirmed" means active here (ActiveUserConfirmation): deactivated users cannot sign in.
                options.SignIn.RequireConfirmedAccount = true;
            })
            .AddRoles<IdentityRole<int>>()
            .AddEntityFrameworkStores<AppDbContext>()
            .AddSignInManager()
            .AddClaimsPrincipalFactory<TenantClaimsFactory>()
            .AddUserConfirmation<ActiveUserConfirmation>()
            .AddErrorDescriber<LocalizedIdentityErrorDescriber>()
            .AddDefaultTokenProviders();
        // Cookies are checked against the user's security stamp every minute (the default is 30), so a
        // deactivated user's or a demoted administrator's open sessions end quickly.
        services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.FromMinutes(1));

        services.AddValidatorsFromAssemblyContaining<Program>(includeInternalTypes: true,
            filter: r => r.ValidatorType != typeof(Features.Push.PushBodyValidator));
        services.AddSingleton<Features.Push.PushBodyValidator>(); // stateless; built once, not per push
        services.AddFeatureServices();
        Features.Push.PushEndpoint.AddPushApi(services, configuration);
        Features.Webhooks.WebhookDeliveryServices.AddWebhookDelivery(services, configuration);
        Features.ManagementApi.ManagementApi.AddManagementApi(services, configuration);
        // The push token travels in the URL path: keep ASP.NET's per-request logs (which print the path) off
        // even when a deployment turns Microsoft.AspNetCore logging up to Information.
        // Routing's and Kestrel's Debug messages print the request path too.
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning);
        // A cap, not a raise: a plain AddFilter(..., Information) would override the configured Warning and
        // write two lines per request ("Executing endpoint"), which cost more than a push under load.
        builder.Logging.AddFilter("Microsoft.AspNetCore.Routing", AtLeast(LogLevel.Information, configuration,
            "Microsoft.AspNetCore.Routing", "Microsoft.AspNetCore", "Default"));
        builder.Logging.AddFilter("Microsoft.AspNetCore.Server.Kestrel.BadRequests", LogLevel.Information);
        builder.Logging.AddFilter("Microsoft.AspNetCore.HttpLogging", LogLevel.None);
        services.AddFlowAdminJobs(configuration);
        return builder;
    }

    /// <summary>The configured level of the first of <paramref name="categories"/> that has one, but never below <paramref name="floor"/>.</summary>
    private static LogLevel AtLeast(LogLevel floor, IConfiguration configuration, params string[] categories)
    {
        foreach (var category in categories)
            if (Enum.TryParse<LogLevel>(configuration[$"Logging:LogLevel:{category}"], ignoreCase: true, out var level))
                return level < floor ? floor : level;
        return floor;
    }

    /// <summary>Each feature folder's services.</summary>
    private static IServiceCollection AddFeatureServices(this IServiceCollection services)
    {
        services.AddScoped<Features.Setup.SetupService>();
        services.AddScoped<Features.Setup.DemoSeeder>();
        services.AddScoped<Features.Common.SettingsActions>();
        services.AddScoped<Features.Departments.DepartmentService>();
        services.AddScoped<Features.ClosingReasons.ClosingReasonService>();
        services.AddSingleton<Features.Channels.ChannelTokenProtector>();
        services.AddScoped<Features.Channels.ChannelService>();
        services.AddScoped<Features.Channels.ChannelSandbox>();
        services.AddScoped<Features.Templates.TemplateService>();
        services.AddScoped<Features.Users.UserService>();
        services.AddScoped<Routing.TicketRouter>();
        services.AddScoped<Features.Tickets.TicketService>();
        services.AddScoped<Features.Contacts.ContactService>();
        services.AddScoped<Features.Dashboard.DashboardService>();
        services.AddSingleton<Features.ApiConfigs.PushTokens>();
        services.AddScoped<Features.ApiConfigs.ApiConfigService>();
        services.AddSingleton<Features.Push.PushWorker>();
        services.AddScoped<Features.Push.PushTestSender>();
        services.AddSingleton<Features.Webhooks.WebhookSecrets>();
        services.AddScoped<Features.Webhooks.WebhookService>();
        services.AddSingleton<Features.Transports.SandboxTransport>();
        services.AddSingleton<Features.Transports.IChannelTransport>(sp => sp.GetRequiredService<Features.Transports.SandboxTransport>());
        Features.Transports.TransportServices.AddTransports(services);
        services.AddScoped<Features.Logs.LogService>();
        services.AddSingleton<Features.Logs.LogRetention>();
        services.AddSingleton<Features.Logs.LogBodyIndex>();
        return services;
    }

    /// <summary>See <see cref="FlowAdminOptions.MinWorkerThreads"/>: only ever raises the floor (the I/O threads keep theirs).</summary>
    private static void RaiseThreadPoolFloor(int minWorkers)
    {
        ThreadPool.GetMinThreads(out var workers, out var io);
        if (minWorkers > workers) ThreadPool.SetMinThreads(minWorkers, io);
    }
}

public static class Policies
{
    public const string Administrator = "Administrator";
    /// <summary>Any signed-in user of a tenant: Administrator or Agent.</summary>
    public const string Member = "Member";
}
