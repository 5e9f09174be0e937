using System.Text.Json.Nodes;
using FlowAdmin.E2ETests.Infrastructure;
using FlowAdmin.IntegrationTests.Infrastructure;
using FlowAdmin.IntegrationTests.Webhooks;
using FlowAdmin.Web.Features.Events;
using Microsoft.Playwright;
using StandardWebhooks;

namespace FlowAdmin.E2ETests;

public sealed class WebhooksTests
{
    [Fact]
    public async Task An_administrator_adds_a_webhook_reads_an_example_and_a_test_event_arrives_signed_at_the_receiver()
    {
        await using var receiver = await Receiver.StartAsync();
        // The receiver is on loopback: a lab deployment that allows private targets.
        await using var browser = await BrowserSession.StartAsync(new FlowAdminApp(settings: new Dictionary<string, string?>
        {
            ["FlowAdmin:Outbound:AllowPrivateTargets"] = "true",
        }));
        await browser.App.CreateTenantAsync("Acme");
        await browser.Page.Context.GrantPermissionsAsync(["clipboard-read", "clipboard-write"], new() { Origin = browser.App.BaseAddress.ToString().TrimEnd('/') });

        await browser.SignInAsync(FlowAdminApp.AdminEmail("Acme"));
        await browser.WaitInteractiveAsync();
        await browser.GotoInteractiveAsync("settings/api-webhook");
        try
        {
            await AddWebhookAndSendATestAsync(browser, receiver);
        }
        catch
        {
            await browser.ScreenshotAsync("webhooks-failure");
            throw;
        }
    }

    private static async Task AddWebhookAndSendATestAsync(BrowserSession browser, Receiver receiver)
    {
        var page = browser.Page;
        await page.Locator(".mud-tab", new() { HasText = "Webhook" }).ClickAsync();
        await page.GetByTestId("webhook-add").ClickAsync();
        var dialog = page.GetByTestId("webhook-dialog");

        // Empty: each rule shows on its field, nothing is saved.
        await page.GetByTestId("webhook-save").ClickAsync();
        await Assertions.Expect(dialog).ToContainTextAsync("Informe o nome.");
        await Assertions.Expect(dialog).ToContainTextAsync("Informe a URL de destino.");
        await Assertions.Expect(page.GetByTestId("webhook-events-error")).ToHaveTextAsync("Escolha pelo menos um evento.");

        await page.GetByTestId("webhook-name").FillAsync("ERP Pedidos");
        await page.GetByTestId("webhook-url").FillAsync(receiver.Url("/hook"));
        await dialog.GetByText("Mensagem criada").ClickAsync();
        await dialog.GetByText("Novo atendimento").ClickAsync();
        await page.GetByTestId("webhook-header-add").ClickAsync();
        await page.GetByTestId("webhook-header-name-0").FillAsync("Authorization");
        await page.GetByTestId("webhook-header-value-0").FillAsync("Bearer e2e-token");

        // The "?" of NewMessage: the builder's example, pretty-printed and coloured, copyable.
        await page.GetByTestId($"webhook-event-help-{EventNames.NewMessage}").ClickAsync();
        var example = page.GetByTestId("event-example-json");
        await Assertions.Expect(example).ToContainTextAsync("\"event\": \"NewMessage\"");
        await Assertions.Expect(example.Locator("span.fa-json-key").First).ToHaveTextAsync("\"message\"");
        Assert.True(JsonNode.DeepEquals(EventPayloads.Example(EventNames.NewMessage), JsonNode.Parse(await example.TextContentAsync() ?? "")));
        await browser.ScreenshotAsync("webhooks-example");
        await page.GetByTestId("event-example-copy").ClickAsync();
        // The snackbar comes once the clipboard write has resolved: reading before it raced the write (empty text).
        await Assertions.Expect(page.GetByText("Copiado para a área de transferência.").First).ToBeVisibleAsync();
        var copied = await page.EvaluateAsync<string>("() => navigator.clipboard.readText()");
        Assert.True(JsonNode.DeepEquals(EventPayloads.Example(EventNames.NewMessage), JsonNode.Parse(copied)));
        await page.GetByTestId("event-example-close").ClickAsync();
        await Assertions.Expect(example).ToHaveCountAsync(0);

        await page.GetByTestId("webhook-save").ClickAsync();
        await Assertions.Expect(dialog).ToHaveCountAsync(0);
        var grid = page.GetByTestId("webhooks-grid");
        await Assertions.Expect(grid).ToContainTextAsync("ERP Pedidos");
        await Assertions.Expect(grid).ToContainTextAsync("Novo atendimento");
        await Assertions.Expect(page.GetByTestId("webhook-health-ERP Pedidos")).ToContainTextAsync("Nenhuma entrega ainda");

        // The signing secret, shown on demand.
        await page.GetByTestId("webhook-secret-ERP Pedidos").ClickAsync();
        await Assertions.Expect(page.GetByTestId("webhook-secret-value")).ToContainTextAsync("••••");
        await page.GetByTestId("webhook-secret-show").ClickAsync();
        await Assertions.Expect(page.GetByTestId("webhook-secret-value")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^whsec_[A-Za-z0-9+/=]{44}$"));
        var secret = (await page.GetByTestId("webhook-secret-value").TextContentAsync())!;
        await page.GetByTestId("webhook-secret-close").ClickAsync();
        await Assertions.Expect(page.GetByTestId("webhook-secret-dialog")).ToHaveCountAsync(0);

        // "Enviar teste" of NewMessage: the receiver's answer in place, and the request at the receiver, signed.
        await page.GetByTestId("webhook-test-ERP Pedidos").ClickAsync();
        await page.GetByTestId($"webhook-test-ERP Pedidos-{EventNames.NewMessage}").ClickAsync();
        await Assertions.Expect(page.GetByTestId("webhook-test-status")).ToContainTextAsync("Entregue: HTTP 200");
        await Assertions.Expect(page.GetByTestId("webhook-test-body")).ToHaveTextAsync("{\"ok\":true}");
        var received = Assert.Single(await receiver.WaitAsync(r => r.Count >= 1));
        Assert.Equal("/hook", received.Path);
        Assert.Equal(EventNames.NewMessage, received.Event);
        Assert.Equal("Bearer e2e-token", received.Header("Authorization"));
        new StandardWebhook(secret).Verify(received.Body, received.Headers);
        await browser.ScreenshotAsync("webhooks");

        // Editing shows the header's name only; its value never comes back to the browser.
        await page.GetByTestId("webhook-ERP Pedidos-edit").ClickAsync();
        await Assertions.Expect(page.GetByTestId("webhook-header-name-0")).ToHaveValueAsync("Authorization");
        await Assertions.Expect(page.GetByTestId("webhook-header-value-0")).ToHaveValueAsync("");
        Assert.DoesNotContain("e2e-token", await page.ContentAsync());
        Assert.DoesNotContain(secret, await page.ContentAsync());
    }
}
