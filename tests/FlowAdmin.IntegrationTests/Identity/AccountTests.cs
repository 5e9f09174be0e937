using System.Globalization;
using System.Net;
using System.Security.Claims;
using System.Text.RegularExpressions;
using FlowAdmin.Data.Entities;
using FlowAdmin.IntegrationTests.Infrastructure;
using FlowAdmin.Web.Components.Account;
using FlowAdmin.Web.Features.Users;
using FlowAdmin.Web.Tenancy;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace FlowAdmin.IntegrationTests.Identity;

public sealed partial class AccountTests
{
    [Fact]
    public async Task Five_wrong_passwords_lock_the_account_even_against_the_right_password()
    {
        await using var app = new FlowAdminApp();
        await app.CreateTenantAsync("Acme");
        var email = FlowAdminApp.AdminEmail("Acme");
        var browser = app.NewBrowserLikeClient();

        for (var attempt = 1; attempt <= 4; attempt++)
        {
            var wrong = await PostLoginAsync(browser, email, "Wrong!Passw0rd");
            Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
            Assert.Contains("data-testid=\"login-error\"", await wrong.Content.ReadAsStringAsync());
        }
        var fifth = await PostLoginAsync(browser, email, "Wrong!Passw0rd");
        Assert.Equal(HttpStatusCode.Redirect, fifth.StatusCode);
        Assert.Contains("Account/Lockout", fifth.Headers.Location?.OriginalString);

        var right = await PostLoginAsync(app.NewBrowserLikeClient(), email, FlowAdminApp.Password);
        Assert.Contains("Account/Lockout", right.Headers.Location?.OriginalString);
        var lockoutEnd = await app.WithTenantAsync(0, db => db.Users.Where(u => u.Email == email).Select(u => u.LockoutEnd).SingleAsync());
        Assert.InRange(lockoutEnd!.Value, DateTimeOffset.UtcNow.AddMinutes(4), DateTimeOffset.UtcNow.AddMinutes(5.1));
        Assert.Contains("data-testid=\"lockout\"", await browser.GetStringAsync("Account/Lockout"));
    }

    [Fact]
    public async Task An_inactive_user_cannot_sign_in_and_sees_the_usual_message()
    {
        await using var app = new FlowAdminApp();
        var tenant = await app.CreateTenantAsync("Acme");
        var agent = await app.CreateUserAsync(tenant.Id, "agent@acme.test", Roles.Agent);
        await app.SignInAsync("agent@acme.test"); // works while active

        await app.WithTenantAsync(tenant.Id, async db =>
        {
            var user = await db.TenantUsers.SingleAsync(u => u.Id == agent.Id);
            user.IsActive = false;
            return await db.SaveChangesAsync();
        });

        var response = await PostLoginAsync(app.NewBrowserLikeClient(), "agent@acme.test", FlowAdminApp.Password);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("data-testid=\"login-error\"", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Deactivating_a_user_ends_its_open_sessions_at_the_next_revalidation()
    {
        await using var app = new FlowAdminApp();
        var tenant = await app.CreateTenantAsync("Acme");
        var agent = await app.CreateUserAsync(tenant.Id, "agent@acme.test", Roles.Agent);
        var admin = await app.WithTenantAsync(tenant.Id, db => db.TenantUsers.SingleAsync(u => u.Email == FlowAdminApp.AdminEmail("Acme")));

        // The principal an open cookie / circuit carries, issued while the agent was active.
        ClaimsPrincipal session;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var signIn = scope.ServiceProvider.GetRequiredService<SignInManager<AppUser>>();
            session = await signIn.CreateUserPrincipalAsync((await signIn.UserManager.FindByIdAsync(agent.Id.ToString(CultureInfo.InvariantCulture)))!);
            Assert.True(await IsStillValidAsync(scope.ServiceProvider, session));
            Assert.NotNull(await signIn.ValidateSecurityStampAsync(session));
        }

        await using (var scope = app.Services.CreateAsyncScope())
        {
            scope.ServiceProvider.GetRequiredService<CurrentTenant>().Use(tenant.Id);
            Assert.True(await scope.ServiceProvider.GetRequiredService<UserService>().SetActiveAsync(agent.Id, false, admin.Id, default));
        }

        await using (var scope = app.Services.CreateAsyncScope())
        {
            // The circuit's revalidation (every minute) and the cookie's stamp check (every minute) both refuse it now.
            Assert.False(await IsStillValidAsync(scope.ServiceProvider, session));
            Assert.Null(await scope.ServiceProvider.GetRequiredService<SignInManager<AppUser>>().ValidateSecurityStampAsync(session));
        }
    }

    private static Task<bool> IsStillValidAsync(IServiceProvider services, ClaimsPrincipal principal) =>
        IdentityRevalidatingAuthenticationStateProvider.IsStillValidAsync(
            services.GetRequiredService<UserManager<AppUser>>(), principal, services.GetRequiredService<IOptions<IdentityOptions>>().Value);

    [Fact]
    public async Task An_agent_gets_the_forbidden_message_for_administrator_screens_and_no_settings_menu()
    {
        await using var app = new FlowAdminApp();
        var tenant = await app.CreateTenantAsync("Acme");
        await app.CreateUserAsync(tenant.Id, "agent@acme.test", Roles.Agent);
        var agent = await app.SignInAsync("agent@acme.test");
        var admin = await app.SignInAsync(FlowAdminApp.AdminEmail("Acme"));

        var forbidden = await agent.GetAsync("settings/users");
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        var agentPage = await forbidden.Content.ReadAsStringAsync();
        Assert.Contains("data-testid=\"forbidden\"", agentPage);
        Assert.DoesNotContain("data-testid=\"users-grid\"", agentPage);
        Assert.DoesNotContain("href=\"settings/users\"", agentPage);
        Assert.Contains("href=\"tickets\"", agentPage);

        var adminPage = await admin.GetStringAsync("settings/users");
        Assert.DoesNotContain("data-testid=\"forbidden\"", adminPage);
        Assert.Contains("data-testid=\"users-grid\"", adminPage);
        Assert.Contains("href=\"settings/users\"", adminPage);
    }

    [Fact]
    public async Task Two_factor_with_an_authenticator_app_is_enabled_with_a_totp_code_and_then_required_at_sign_in()
    {
        await using var app = new FlowAdminApp();
        await app.CreateTenantAsync("Acme");
        var email = FlowAdminApp.AdminEmail("Acme");
        var admin = await app.SignInAsync(email);

        var setup = await admin.GetStringAsync("Account/Manage/EnableAuthenticator");
        var key = SharedKey().Match(setup).Groups[1].Value.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();
        Assert.NotEmpty(key);
        Assert.Contains($"otpauth://totp/FlowAdmin:{Uri.EscapeDataString(email)}?secret={key}", WebUtility.HtmlDecode(setup));
        Assert.Contains("data-testid=\"2fa-qr\"", setup);

        var wrong = await FlowAdminApp.PostFormAsync(admin, "Account/Manage/EnableAuthenticator", "send-code", new() { ["Input.Code"] = Totp.Code(key, DateTimeOffset.UtcNow.AddMinutes(10)) });
        Assert.Contains("data-testid=\"status-message\"", await wrong.Content.ReadAsStringAsync());
        var enabled = await FlowAdminApp.PostFormAsync(admin, "Account/Manage/EnableAuthenticator", "send-code", new() { ["Input.Code"] = Totp.Code(key, DateTimeOffset.UtcNow) });
        Assert.Contains("data-testid=\"recovery-codes\"", await enabled.Content.ReadAsStringAsync());
        Assert.True(await app.WithTenantAsync(0, db => db.Users.Where(u => u.Email == email).Select(u => u.TwoFactorEnabled).SingleAsync()));

        // The password alone no longer signs in: it leads to the code step.
        var browser = app.NewBrowserLikeClient();
        var password = await PostLoginAsync(browser, email, FlowAdminApp.Password);
        var next = password.Headers.Location?.OriginalString ?? "";
        Assert.Contains("Account/LoginWith2fa", next);
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync("settings/users")).StatusCode);

        var badCode = await FlowAdminApp.PostFormAsync(browser, next, "login-with-2fa", new() { ["Input.TwoFactorCode"] = "12345" });
        Assert.Contains("data-testid=\"login-error\"", await badCode.Content.ReadAsStringAsync());
        // A code of the previous 30-second step is still accepted (clock drift), and differs from the one used above.
        var code = await FlowAdminApp.PostFormAsync(browser, next, "login-with-2fa", new() { ["Input.TwoFactorCode"] = Totp.Code(key, DateTimeOffset.UtcNow.AddSeconds(-30)) });
        Assert.Equal(HttpStatusCode.Redirect, code.StatusCode);
        Assert.DoesNotContain("Account/", code.Headers.Location?.OriginalString);
        var home = await browser.GetAsync("settings/users");
        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
        Assert.Contains("data-testid=\"users-grid\"", await home.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Account_pages_render_in_english_and_password_rules_are_localized()
    {
        await using var app = new FlowAdminApp();
        await app.CreateTenantAsync("Acme");
        var admin = await app.SignInAsync(FlowAdminApp.AdminEmail("Acme"));

        var pt = await FlowAdminApp.PostFormAsync(admin, "Account/Manage/ChangePassword", "change-password", new()
        {
            ["Input.OldPassword"] = FlowAdminApp.Password,
            ["Input.NewPassword"] = "abcdefgh",
            ["Input.ConfirmPassword"] = "abcdefgh",
        });
        var ptHtml = WebUtility.HtmlDecode(await pt.Content.ReadAsStringAsync());
        Assert.Contains("A senha deve ter pelo menos um número.", ptHtml);

        await admin.GetAsync("culture?name=en&redirectUri=%2F");
        var en = await FlowAdminApp.PostFormAsync(admin, "Account/Manage/ChangePassword", "change-password", new()
        {
            ["Input.OldPassword"] = "Wrong!Passw0rd",
            ["Input.NewPassword"] = "N3w!Passw0rd",
            ["Input.ConfirmPassword"] = "N3w!Passw0rd",
        });
        var enHtml = WebUtility.HtmlDecode(await en.Content.ReadAsStringAsync());
        Assert.Contains("Change password", enHtml);
        Assert.Contains("Incorrect password.", enHtml);
    }

    private static Task<HttpResponseMessage> PostLoginAsync(HttpClient client, string email, string password) =>
        FlowAdminApp.PostFormAsync(client, "Account/Login", "login", new()
        {
            ["Input.Email"] = email,
            ["Input.Password"] = password,
        });

    [GeneratedRegex("data-testid=\"2fa-shared-key\">([^<]+)<")]
    private static partial Regex SharedKey();
}
