// Points Swagger UI at the service's own generated document (a file, not inline: no inline scripts).
window.ui = SwaggerUIBundle({ url: "/v3/api-docs", dom_id: "#swagger-ui", deepLinking: true });
