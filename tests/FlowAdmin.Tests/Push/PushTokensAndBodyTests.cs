using System.Text;
using System.Text.Json;
using FlowAdmin.Web.Features.ApiConfigs;
using FlowAdmin.Web.Features.Push;

namespace FlowAdmin.Tests.Push;

public sealed class PushTokensAndBodyTests
{
    [Fact]
    public void Tokens_carry_256_bits_are_url_safe_distinct_and_found_by_hash()
    {
        var tokens = Enumerable.Range(0, 1000).Select(_ => PushTokens.NewToken()).ToList();
        Assert.All(tokens, t => Assert.Matches("^[A-Za-z0-9_-]{43}$", t));
        Assert.All(tokens, t => Assert.Equal(32, Convert.FromBase64String(t.Replace('-', '+').Replace('_', '/') + "=").Length));
        Assert.Equal(tokens.Count, tokens.Distinct().Count());

        var token = tokens[0];
        var hash = PushTokens.Hash(token);
        Assert.Equal(32, hash.Length);
        Assert.True(PushTokens.Matches(token, hash));
        Assert.False(PushTokens.Matches(tokens[1], hash));
        Assert.True(PushTokens.LooksLikeToken(token));
        Assert.False(PushTokens.LooksLikeToken(token[..42]));
        Assert.False(PushTokens.LooksLikeToken(token[..42] + "/"));
    }

    [Fact]
    public void The_sources_full_body_reads_every_field_and_queueId_may_be_a_string()
    {
        var body = PushBody.Parse(Encoding.UTF8.GetBytes("""
            {"number":"5511999999999","body":"seu texto aqui","externalKey":"123456","mediaUrl":"https://x/y.png","userId":183,
             "onlyNote":true,"forceTicketToUser":true,"forceTicketToDepartment":true,"queueId":"435","forceTicketToClosed":true,
             "closingReasonId":123,"note":{"body":"nota","mediaUrl":"https://x/n.pdf"}}
            """));
        Assert.Empty(body.TypeErrors);
        Assert.Equal(435, body.QueueId);
        Assert.Equal(183, body.UserId);
        Assert.Equal(123, body.ClosingReasonId);
        Assert.Equal(new PushNote("nota", "https://x/n.pdf"), body.Note);
        var flags = body.Flags;
        Assert.True(flags is { OnlyNote: true, HasNote: true, ForceTicketToClosed: true, ForceTicketToUser: true, ForceTicketToDepartment: true });
    }

    [Fact]
    public void Wrong_types_are_named_field_by_field_and_malformed_JSON_says_where()
    {
        var body = PushBody.Parse(Encoding.UTF8.GetBytes("""{"number":5511,"userId":"183","queueId":"4a","onlyNote":"yes","params":[1],"note":"x"}"""));
        Assert.Equal(["note", "number", "onlyNote", "params", "queueId", "userId"], body.TypeErrors.Keys.Order());

        var error = Assert.ThrowsAny<JsonException>(() => PushBody.Parse(Encoding.UTF8.GetBytes("{\n \"body\": \"x\", // comment\n}")));
        Assert.Equal(1, error.LineNumber);
    }
}
