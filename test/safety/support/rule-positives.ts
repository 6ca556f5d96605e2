/** Fake but well-formed: each has the shape its rule looks for. */
const fill = (length: number) => Array.from({ length }, (_, i) => 'aB3dE5fG7hJ9kL2mN4pQ6rS8tU1vW0xYz'[(i * 7 + 3) % 33]).join('')
const hex = (length: number) => Array.from({ length }, (_, i) => '0123456789abcdef'[(i * 7 + 3) % 16]).join('')
const digits = (length: number) => Array.from({ length }, (_, i) => String((i * 7 + 3) % 10)).join('')

/** A 1Password service account token: base64 of a JSON object, `ey…fQ==`. */
const opsToken = `ops_${Buffer.from(JSON.stringify({ signInAddress: 'my.1password.com', email: 'someone@example.invalid', secretKey: 'A3-ABCDEF-GHIJKL', pad: 'xx' })).toString('base64')}`

/**
 * One text for each pattern of each of secretlint's recommended rules, with the rule and the message id it
 * reports: each is found by the rules run without their gates (the test says so), so each must be found with them.
 */
export const RULE_POSITIVES: [rule: string, messageId: string, text: string][] = [
  ['aws', 'AWSAccessKeyID', 'AKIAQWERTYUIOPASDFGH'],
  ['aws', 'AWSSecretAccessKey', `aws_secret_access_key = "${fill(40)}"`],
  ['aws', 'AWSSecretAccessKey', `SecretAccessKey: ${fill(40)}`],
  ['aws', 'AWSAccountID', 'AWS_ACCOUNT_ID: 1234-5678-9012'],
  ['aws', 'AWSAccountID', 'account=123456789012'],
  ['privatekey', 'PrivateKey', `-----BEGIN RSA PRIVATE KEY-----\nMII${fill(120)}\n-----END RSA PRIVATE KEY-----`],
  ['privatekey', 'PrivateKey', `-----BEGIN PRIVATE KEY-----MII${fill(120)}-----END PRIVATE KEY-----`],
  ['npm', 'PackageJSON_xOauthToken', `https://${fill(20)}:x-oauth-basic@github.com/owner/repo.git`],
  ['npm', 'NPM_ACCESS_TOKEN', `npm_${fill(36)}`],
  ['basicauth', 'BasicAuth', 'https://admin:s3cr3tP4ss@internal.example.com/'],
  ['basicauth', 'BasicAuth', 'ftp://deploy_user:Zq-81_xK@files.example.org'],
  ['slack', 'SLACK_TOKEN', `xoxb-123456789012-1234567890123-${fill(24)}`],
  ['slack', 'SLACK_TOKEN', `xapp-1-${fill(11)}-${digits(13)}-${hex(64)}`],
  ['slack', 'IncomingWebhook', `https://hooks.slack.com/services/T${fill(8)}/B${fill(8)}/${fill(24)}`],
  ['slack', 'IncomingWebhook', `HTTPS://HOOKS.SLACK.COM/SERVICES/T${fill(8)}/B${fill(8)}/${fill(24)}`],
  ['sendgrid', 'SENDGRID_KEY', `SG.${fill(22)}.${fill(43)}`],
  ['shopify', 'SHOPIFY_KEY', `shpat_${hex(32)}`],
  ['shopify', 'SHOPIFY_KEY', `shpss_${hex(32)}`],
  ['stripe', 'STRIPE_SECRET_KEY_LIVE', `sk_live_${fill(24)}`],
  ['stripe', 'STRIPE_RESTRICTED_KEY_TEST', `rk_test_${fill(24)}`],
  ['github', 'GITHUB_TOKEN', `ghp_${fill(36)}`],
  ['github', 'GITHUB_TOKEN', `ghr_${fill(36)}`],
  ['github', 'GITHUB_TOKEN', `github_pat_${fill(82)}`],
  ['github', 'GITHUB_TOKEN', `ghs_${digits(8)}_${fill(20)}.${fill(30)}.${fill(20)}`],
  ['gitlab', 'GITLAB_PERSONAL_ACCESS_TOKEN', `glpat-${fill(20)}`],
  ['grafana', 'GRAFANA_CLOUD_API_TOKEN', `glc_${fill(40)}==`],
  ['grafana', 'GRAFANA_SERVICE_ACCOUNT_TOKEN', `glsa_${fill(32)}_${hex(8)}`],
  ['openai', 'OPENAI_TOKEN', `sk-proj-${fill(74)}T3BlbkFJ${fill(74)}`],
  ['openai', 'OPENAI_TOKEN', `sk-svcacct-${fill(58)}T3BlbkFJ${fill(58)}`],
  ['openai', 'OPENAI_TOKEN', `sk-${fill(20)}T3BlbkFJ${fill(20)}`],
  ['anthropic', 'ANTHROPIC_API_KEY', `sk-ant-api03-${fill(93)}AA`],
  ['groq', 'GROQ_API_KEY', `gsk_${fill(52)}`],
  ['huggingface', 'HUGGINGFACE_USER_ACCESS_TOKEN', 'hf_aBcDeFgHiJkLmNoPqRsTuVwXyZaBcDeFgH'],
  ['linear', 'LINEAR_API_TOKEN', `lin_api_${fill(40)}`],
  ['notion', 'NOTION_INTEGRATION_TOKEN', `ntn_${digits(11)}${fill(35)}`],
  ['1password', 'OPS_TOKEN', opsToken],
  ['database-connection-string', 'MongoDBConnection', 'mongodb+srv://app:Xy9kLm2pQr@cluster0.example.net/app'],
  ['database-connection-string', 'MySQLConnection', 'jdbc:MySQL://app:Xy9kLm2pQr@db.internal:3306/app'],
  ['database-connection-string', 'PostgreSQLConnection', 'postgresql://app:Xy9kLm2pQr@db.internal:5432/app'],
  ['hashicorp-vault', 'HASHICORP_VAULT_SERVICE_TOKEN', `hvs.${fill(95)}`],
  ['hashicorp-vault', 'HASHICORP_VAULT_BATCH_TOKEN', `hvb.${fill(140)}`],
  ['hashicorp-vault', 'HASHICORP_VAULT_RECOVERY_TOKEN', `hvr.${fill(95)}`],
  ['vercel', 'VERCEL_PERSONAL_ACCESS_TOKEN', `vcp_${fill(24)}`],
  ['vercel', 'VERCEL_INTEGRATION_TOKEN', `vci_${fill(24)}`],
  ['vercel', 'VERCEL_APP_ACCESS_TOKEN', `vca_${fill(24)}`],
  ['vercel', 'VERCEL_APP_REFRESH_TOKEN', `vcr_${fill(24)}`],
  ['vercel', 'VERCEL_AI_GATEWAY_API_KEY', `vck_${fill(24)}`],
  ['databricks', 'DATABRICKS_PERSONAL_ACCESS_TOKEN', `dapi${hex(32)}`],
  ['docker', 'DOCKER_PERSONAL_ACCESS_TOKEN', `dckr_pat_${fill(27)}`],
  ['figma', 'FIGMA_PERSONAL_ACCESS_TOKEN', `figd_${fill(40)}`],
  ['cloudflare', 'CLOUDFLARE_GLOBAL_API_KEY', `cfk_${fill(40)}${hex(8)}`],
  ['cloudflare', 'CLOUDFLARE_USER_API_TOKEN', `cfut_${fill(40)}${hex(8)}`],
  ['cloudflare', 'CLOUDFLARE_ACCOUNT_API_TOKEN', `cfat_${fill(40)}${hex(8)}`],
  ['tailscale', 'TAILSCALE_API_KEY', `tskey-api-${fill(12)}-${fill(30)}`],
  ['tailscale', 'TAILSCALE_AUTH_KEY', `tskey-auth-${fill(12)}-${fill(30)}`],
]
