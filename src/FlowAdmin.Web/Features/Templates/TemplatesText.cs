namespace FlowAdmin.Web.Features.Templates;

public sealed class TemplatesText;
