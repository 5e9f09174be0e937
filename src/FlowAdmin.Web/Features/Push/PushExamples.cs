namespace FlowAdmin.Web.Features.Push;

/// <summary>
/// The source document's push examples (SPEC §4, flowseller-api-webhook.pt-BR.md), as the OpenAPI document shows
/// them and the tests post them. Values are the source's; only its // and /* */ comments are gone (and the comma
/// it forgot after closingReasonId), so each one is JSON a client can send.
/// </summary>
public static class PushExamples
{
    /// <summary>"Para enviar apenas texto ao usuário".</summary>
    public const string Text = """
        {
           "body": "MENSAGEM",
           "number": "5511999999999",
           "externalKey": "123456"
        }
        """;

    /// <summary>"Para enviar imagens, vídeo, áudio ou documentos gerais": body is the caption, empty for none.</summary>
    public const string Media = """
        {
           "number": "5511999999999",
           "externalKey": "123456",
           "body": "",
           "mediaUrl": "https://exemplo.com/img.png"
        }
        """;

    /// <summary>"O JSON padrão e completo para o body da requisição por WhatsApp Business".</summary>
    public const string WhatsappFull = """
        {
          "number": "5511999999999",
          "body": "seu texto aqui",
          "externalKey": "123456",
          "mediaUrl": "https://",
          "userId": 183,
          "onlyNote": true,
          "forceTicketToUser": true,
          "forceTicketToDepartment": true,
          "queueId": "435",
          "forceTicketToClosed": true,
          "closingReasonId": 123,
          "note": {
            "body": "seu texto aqui",
            "mediaUrl": "https://"
          }
        }
        """;

    /// <summary>"API Oficial do WhatsApp (WABA)": a template (templateId, the hsmId) and its variables.</summary>
    public const string Waba = """
        {
          "number": "5511999999999",
          "templateId": "uuid-template",
          "params": ["variavel1", "variavel2"],
          "externalKey": "valor para rastreamento",
          "userId": 123,
          "onlyNote": true,
          "forceTicketToUser": true,
          "forceTicketToDepartment": true,
          "queueId": "435",
          "forceTicketToClosed": true,
          "closingReasonId": 123,
          "note": {
            "body": "seu texto aqui",
            "mediaUrl": "https://"
          }
        }
        """;
}
