using System.Text.Json.Nodes;
using FlowAdmin.Data.Entities;
using FlowAdmin.Web.Features.Transports;
using FlowAdmin.Web.Routing;

namespace FlowAdmin.Tests.Transports;

public sealed class CloudApiPayloadsTests
{
    private const string To = "5511999999999";
    private static readonly Guid Id = Guid.Parse("6f1c2a9e-0000-4000-8000-000000000001");

    [Theory]
    [InlineData("Olá", false)]
    [InlineData("Veja https://exemplo.com/pedido", true)]
    public void A_text_is_a_text_message_with_a_link_preview_only_when_it_has_a_link(string body, bool preview)
    {
        var payload = Assert.Single(CloudApiPayloads.For(To, new Message { Id = Id, Body = body }, null, null));
        AssertJson($$"""
            {"messaging_product":"whatsapp","recipient_type":"individual","to":"{{To}}","type":"text","biz_opaque_callback_data":"{{Id}}",
             "text":{"preview_url":{{(preview ? "true" : "false")}},"body":"{{body}}"} }
            """, payload);
    }

    [Theory]
    [InlineData("image", "image/jpeg", "image")]
    [InlineData("image", "image/png", "image")]
    [InlineData("image", null, "image")]
    [InlineData("image", "image/gif", "document")] // WhatsApp shows only JPEG/PNG as images
    [InlineData("video", "video/mp4", "video")]
    [InlineData("video", "video/webm", "document")]
    [InlineData("audio", "audio/mpeg", "audio")]
    [InlineData("document", "application/pdf", "document")]
    public void The_graph_type_follows_what_WhatsApp_can_show(string kind, string? contentType, string expected) =>
        Assert.Equal(expected, CloudApiPayloads.GraphType(kind, contentType));

    [Theory]
    [InlineData("image", "image/jpeg")]
    [InlineData("video", "video/mp4")]
    public void Image_and_video_carry_their_caption(string kind, string contentType)
    {
        var message = Media("Legenda", "https://cdn.exemplo.com/a");
        var payload = Assert.Single(CloudApiPayloads.For(To, message, null, new MediaInfo(kind, "a", contentType, 10)));
        AssertJson(Envelope(kind) + $$""" "{{kind}}":{"link":"https://cdn.exemplo.com/a","caption":"Legenda"} } """, payload);
    }

    [Fact]
    public void A_document_carries_its_caption_and_file_name()
    {
        var payload = Assert.Single(CloudApiPayloads.For(To, Media("Seu contrato", "https://x.com/dl?id=1"), null,
            new MediaInfo("document", "Contrato.pdf", "application/pdf", 10)));
        AssertJson(Envelope("document") + """ "document":{"link":"https://x.com/dl?id=1","caption":"Seu contrato","filename":"Contrato.pdf"}} """, payload);
    }

    [Fact]
    public void Audio_has_no_caption_so_the_text_follows_as_its_own_message()
    {
        var payloads = CloudApiPayloads.For(To, Media("Ouça", "https://x.com/a.mp3"), null, new MediaInfo("audio", "a.mp3", "audio/mpeg", 10));
        Assert.Equal(2, payloads.Count);
        AssertJson(Envelope("audio") + """ "audio":{"link":"https://x.com/a.mp3"}} """, payloads[0]);
        AssertJson(Envelope("text") + """ "text":{"preview_url":false,"body":"Ouça"}} """, payloads[1]);
    }

    [Fact]
    public void A_caption_longer_than_Metas_limit_follows_the_media_and_an_empty_one_is_left_out()
    {
        var info = new MediaInfo("image", "a.jpg", "image/jpeg", 10);
        var longCaption = new string('x', CloudApiPayloads.MaxCaption + 1);
        var split = CloudApiPayloads.For(To, Media(longCaption, "https://x.com/a.jpg"), null, info);
        Assert.Equal(["image", "text"], split.Select(p => (string)p["type"]!));
        Assert.Null(split[0]["image"]!["caption"]);
        Assert.Equal(longCaption, (string?)split[1]["text"]!["body"]);

        var bare = Assert.Single(CloudApiPayloads.For(To, Media("", "https://x.com/a.jpg"), null, info));
        AssertJson(Envelope("image") + """ "image":{"link":"https://x.com/a.jpg"}} """, bare);
    }

    [Fact]
    public void Without_a_media_check_the_routers_media_type_decides()
    {
        var message = Media("c", "https://x.com/v.mp4");
        message.MediaType = "video";
        Assert.Equal("video", (string?)Assert.Single(CloudApiPayloads.For(To, message, null, null))["type"]);
    }

    [Fact]
    public void A_template_sends_its_name_language_and_one_text_parameter_per_param_in_order()
    {
        var template = new Template { Name = "pedido_enviado", Language = "pt_BR", Body = "Olá {{1}}, pedido {{2}}" };
        var message = new Message { Id = Id, Body = "Olá Ana, pedido 7", TemplateId = 3, TemplateParams = ["Ana", "7"], MediaType = "template" };
        AssertJson(Envelope("template") + """
             "template":{"name":"pedido_enviado","language":{"code":"pt_BR"},
               "components":[{"type":"body","parameters":[{"type":"text","text":"Ana"},{"type":"text","text":"7"}]}]}}
            """, Assert.Single(CloudApiPayloads.For(To, message, template, null)));
    }

    [Fact]
    public void A_template_without_variables_has_no_components()
    {
        var template = new Template { Name = "boas_vindas", Language = "en_US" };
        var message = new Message { Id = Id, TemplateId = 4, MediaType = "template" };
        AssertJson(Envelope("template") + """ "template":{"name":"boas_vindas","language":{"code":"en_US"}}} """,
            Assert.Single(CloudApiPayloads.For(To, message, template, null)));
    }

    [Fact]
    public void Graphs_answers_give_the_wamid_or_a_readable_error()
    {
        Assert.Equal("wamid.HBgN", CloudApiPayloads.MessageId("""{"messaging_product":"whatsapp","contacts":[{"input":"1","wa_id":"1"}],"messages":[{"id":"wamid.HBgN"}]}"""));
        Assert.Null(CloudApiPayloads.MessageId("<html>"));
        Assert.Null(CloudApiPayloads.MessageId("{}"));

        Assert.Equal("Cloud API answered HTTP 401: Error validating access token (code 190): Session has expired.",
            CloudApiPayloads.Error(401, """{"error":{"message":"Error validating access token","type":"OAuthException","code":190,"error_data":{"details":"Session has expired."}}}"""));
        Assert.Equal("Cloud API answered HTTP 502: Bad Gateway", CloudApiPayloads.Error(502, "Bad Gateway"));
    }

    [Theory]
    [InlineData("image/jpeg", "https://x/a", "image")]
    [InlineData("IMAGE/PNG; charset=binary", "https://x/a", "image")]
    [InlineData("video/mp4", "https://x/a.pdf", "video")] // the server's type beats the extension
    [InlineData("audio/ogg; codecs=opus", "https://x/a", "audio")]
    [InlineData("application/pdf", "https://x/a.jpg", "document")]
    [InlineData("application/octet-stream", "https://x/a.mp3", "audio")] // generic: the extension decides
    [InlineData(null, "https://x/a.mp4", "video")]
    [InlineData(null, "https://x/download", "document")]
    public void The_media_type_comes_from_the_content_type_and_falls_back_to_the_extension(string? contentType, string url, string expected) =>
        Assert.Equal(expected, MediaTypes.FromContentType(contentType, url));

    [Theory]
    [InlineData("https://graph.facebook.com", "https://graph.facebook.com/v25.0/123/messages")]
    [InlineData("https://graph.facebook.com/", "https://graph.facebook.com/v25.0/123/messages")]
    [InlineData("https://graph.facebook.com/v21.0", "https://graph.facebook.com/v21.0/123/messages")] // a version in the base URL is kept
    [InlineData("https://proxy.exemplo.com/meta", "https://proxy.exemplo.com/meta/v25.0/123/messages")]
    public void The_messages_URL_is_base_version_phone_number_id(string baseUrl, string expected) =>
        Assert.Equal(expected, CloudApiTransport.MessagesUrl(baseUrl, "v25.0", "123"));

    private static Message Media(string caption, string url) => new() { Id = Id, Body = caption, MediaUrl = url, MediaType = MediaTypes.FromUrl(url) };

    private static string Envelope(string type) =>
        $$"""{"messaging_product":"whatsapp","recipient_type":"individual","to":"{{To}}","type":"{{type}}","biz_opaque_callback_data":"{{Id}}",""";

    private static void AssertJson(string expected, JsonObject actual)
    {
        var e = JsonNode.Parse(expected);
        Assert.True(JsonNode.DeepEquals(e, actual), $"got:\n{actual.ToJsonString()}\nexpected:\n{e?.ToJsonString()}");
    }
}
