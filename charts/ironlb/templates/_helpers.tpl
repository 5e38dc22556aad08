{{/*
Names. With the release called "ironlb" (the documented install) every object carries the name
it has in config/: ironlb-controller, ironlb:speaker, ... Another release name prefixes them
("lab-ironlb-controller") unless it already contains "ironlb"; fullnameOverride replaces it.
*/}}
{{- define "ironlb.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "ironlb.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "ironlb.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Labels every object carries: config/'s app.kubernetes.io/name plus Helm's usual ones. */}}
{{- define "ironlb.labels" -}}
app.kubernetes.io/name: {{ include "ironlb.name" . }}
helm.sh/chart: {{ include "ironlb.chart" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{/* Pod selector of one component; call with (dict "ctx" $ "component" "speaker"). */}}
{{- define "ironlb.selectorLabels" -}}
app.kubernetes.io/name: {{ include "ironlb.name" .ctx }}
app.kubernetes.io/instance: {{ .ctx.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{- define "ironlb.controller.fullname" -}}
{{- printf "%s-controller" (include "ironlb.fullname" .) | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "ironlb.speaker.fullname" -}}
{{- printf "%s-speaker" (include "ironlb.fullname" .) | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "ironlb.controller.serviceAccountName" -}}
{{- if .Values.controller.serviceAccount.create }}
{{- default (include "ironlb.controller.fullname" .) .Values.controller.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.controller.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "ironlb.speaker.serviceAccountName" -}}
{{- if .Values.speaker.serviceAccount.create }}
{{- default (include "ironlb.speaker.fullname" .) .Values.speaker.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.speaker.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* repository:tag, the tag defaulting to the chart's appVersion. Call with (list $ image). */}}
{{- define "ironlb.image" -}}
{{- $ctx := index . 0 }}{{ $image := index . 1 -}}
{{- printf "%s:%s" $image.repository (toString (default $ctx.Chart.AppVersion $image.tag)) }}
{{- end }}

{{/* The flags both executables share (runtime's ClusterOptions). Call with (list $ component). */}}
{{- define "ironlb.clusterArgs" -}}
{{- $ctx := index . 0 }}{{ $c := index . 1 -}}
- --namespace=$(IRONLB_NAMESPACE)
{{- with $ctx.Values.loadBalancerClass }}
- {{ printf "--lb-class=%s" . | quote }}
{{- end }}
- --metrics-port={{ $c.metricsPort }}
- --health-port={{ $c.healthPort }}
{{- end }}

{{/* Liveness and readiness on the "health" port (the caller leaves them out when it is 0). */}}
{{- define "ironlb.probes" -}}
livenessProbe:
  httpGet:
    path: /healthz
    port: health
  initialDelaySeconds: 10
  periodSeconds: 10
  failureThreshold: 3
readinessProbe:
  httpGet:
    path: /readyz
    port: health
  periodSeconds: 5
{{- end }}
