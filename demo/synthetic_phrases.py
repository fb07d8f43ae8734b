"""Phrase banks for synthetic content (our own wording). Placeholders: {place}, {group},
{topic}, {n}, {pct}, {months}."""

from typing import Any

THEMES: list[dict[str, Any]] = [
    {
        "objectives": [10, 7, 23],
        "topic": {
            "en": "trafficking in persons",
            "fr": "la traite des personnes",
            "es": "la trata de personas",
        },
        "titles": {
            "en": [
                "Safe houses for survivors of trafficking in {place}",
                "Training labour inspectors to spot trafficking in {place}",
            ],
            "fr": [
                "Foyers sécurisés pour les survivantes de la traite à {place}",
                "Former les inspecteurs du travail à repérer la traite ({place})",
            ],
            "es": [
                "Casas seguras para sobrevivientes de trata en {place}",
                "Formación de inspectores laborales contra la trata en {place}",
            ],
        },
    },
    {
        "objectives": [6, 18, 22],
        "topic": {
            "en": "fair recruitment",
            "fr": "le recrutement équitable",
            "es": "la contratación equitativa",
        },
        "titles": {
            "en": [
                "Zero recruitment fees for workers leaving {place}",
                "A public register of recruitment agencies in {place}",
            ],
            "fr": [
                "Zéro frais de recrutement pour les travailleurs partant de {place}",
                "Un registre public des agences de recrutement ({place})",
            ],
            "es": [
                "Cero comisiones de contratación para quienes salen de {place}",
                "Registro público de agencias de empleo en {place}",
            ],
        },
    },
    {
        "objectives": [1, 17],
        "topic": {
            "en": "migration data",
            "fr": "les données migratoires",
            "es": "los datos migratorios",
        },
        "titles": {
            "en": [
                "Counting migrants in the household survey of {place}",
                "Linking border and labour records in {place}",
            ],
            "fr": [
                "Compter les migrants dans l'enquête ménages de {place}",
                "Relier les registres frontaliers et du travail ({place})",
            ],
            "es": [
                "Contar a las personas migrantes en la encuesta de hogares de {place}",
                "Vincular registros fronterizos y laborales en {place}",
            ],
        },
    },
    {
        "objectives": [15, 7, 16],
        "topic": {
            "en": "access to health care",
            "fr": "l'accès aux soins",
            "es": "el acceso a la salud",
        },
        "titles": {
            "en": [
                "Mobile clinics on the migration routes of {place}",
                "Health mediators for {group} in {place}",
            ],
            "fr": [
                "Cliniques mobiles sur les routes migratoires de {place}",
                "Médiateurs de santé pour {group} à {place}",
            ],
            "es": [
                "Clínicas móviles en las rutas migratorias de {place}",
                "Mediadores de salud para {group} en {place}",
            ],
        },
    },
    {
        "objectives": [16, 17, 15],
        "topic": {
            "en": "social inclusion",
            "fr": "l'inclusion sociale",
            "es": "la inclusión social",
        },
        "titles": {
            "en": [
                "Language and civic courses for {group} in {place}",
                "Neighbourhood mentors welcoming newcomers in {place}",
            ],
            "fr": [
                "Cours de langue et de citoyenneté pour {group} à {place}",
                "Des parrains de quartier pour accueillir les nouveaux arrivants ({place})",
            ],
            "es": [
                "Cursos de idioma y ciudadanía para {group} en {place}",
                "Mentores de barrio para recibir a recién llegados en {place}",
            ],
        },
    },
    {
        "objectives": [20, 19],
        "topic": {"en": "remittances", "fr": "les envois de fonds", "es": "las remesas"},
        "titles": {
            "en": [
                "Cheaper digital remittances to {place}",
                "Diaspora savings for local businesses in {place}",
            ],
            "fr": [
                "Des transferts numériques moins chers vers {place}",
                "L'épargne de la diaspora au service des entreprises de {place}",
            ],
            "es": [
                "Remesas digitales más baratas hacia {place}",
                "Ahorro de la diáspora para pequeñas empresas de {place}",
            ],
        },
    },
    {
        "objectives": [21, 14],
        "topic": {
            "en": "return and reintegration",
            "fr": "le retour et la réintégration",
            "es": "el retorno y la reintegración",
        },
        "titles": {
            "en": [
                "Community reintegration grants for returnees in {place}",
                "Psychosocial support after return to {place}",
            ],
            "fr": [
                "Des aides communautaires à la réintégration à {place}",
                "Un soutien psychosocial après le retour à {place}",
            ],
            "es": [
                "Apoyos comunitarios para la reintegración en {place}",
                "Apoyo psicosocial tras el retorno a {place}",
            ],
        },
    },
    {
        "objectives": [2, 5, 23],
        "topic": {
            "en": "climate and mobility",
            "fr": "le climat et la mobilité",
            "es": "el clima y la movilidad",
        },
        "titles": {
            "en": [
                "Planned relocation of coastal villages in {place}",
                "Seasonal work visas for farmers hit by drought in {place}",
            ],
            "fr": [
                "Relocalisation planifiée des villages côtiers de {place}",
                "Visas de travail saisonnier pour les agriculteurs touchés par la sécheresse ({place})",
            ],
            "es": [
                "Reubicación planificada de aldeas costeras en {place}",
                "Visados de trabajo temporal para agricultores afectados por la sequía en {place}",
            ],
        },
    },
    {
        "objectives": [13, 12, 7],
        "topic": {
            "en": "alternatives to detention",
            "fr": "les alternatives à la détention",
            "es": "las alternativas a la detención",
        },
        "titles": {
            "en": [
                "Case management instead of detention for families in {place}",
                "Community placement for unaccompanied children in {place}",
            ],
            "fr": [
                "Un accompagnement individuel plutôt que la rétention des familles ({place})",
                "Placement communautaire des enfants non accompagnés à {place}",
            ],
            "es": [
                "Gestión de casos en lugar de detención para familias en {place}",
                "Acogida comunitaria de niñas y niños no acompañados en {place}",
            ],
        },
    },
    {
        "objectives": [8, 9, 11],
        "topic": {
            "en": "saving lives on migration routes",
            "fr": "sauver des vies sur les routes migratoires",
            "es": "salvar vidas en las rutas migratorias",
        },
        "titles": {
            "en": [
                "Search and rescue coordination off {place}",
                "Identifying missing migrants with families from {place}",
            ],
            "fr": [
                "Coordination du sauvetage en mer au large de {place}",
                "Identifier les migrants disparus avec les familles de {place}",
            ],
            "es": [
                "Coordinación de búsqueda y rescate frente a {place}",
                "Identificar a migrantes desaparecidos con familias de {place}",
            ],
        },
    },
    {
        "objectives": [4, 3, 14],
        "topic": {
            "en": "legal identity",
            "fr": "l'identité juridique",
            "es": "la identidad jurídica",
        },
        "titles": {
            "en": [
                "Birth registration for children of migrants in {place}",
                "Consular ID cards issued by mobile teams in {place}",
            ],
            "fr": [
                "Enregistrer les naissances des enfants de migrants à {place}",
                "Des cartes consulaires délivrées par des équipes mobiles ({place})",
            ],
            "es": [
                "Registro de nacimientos de hijos de migrantes en {place}",
                "Documentos consulares emitidos por equipos móviles en {place}",
            ],
        },
    },
]

GROUPS = {
    "en": [
        "migrant domestic workers",
        "seasonal farm workers",
        "unaccompanied children",
        "women migrants",
        "returnees",
        "young jobseekers",
        "displaced families",
        "survivors of exploitation",
    ],
    "fr": [
        "les travailleuses domestiques migrantes",
        "les saisonniers agricoles",
        "les enfants non accompagnés",
        "les femmes migrantes",
        "les personnes de retour",
        "les jeunes demandeurs d'emploi",
        "les familles déplacées",
        "les survivants de l'exploitation",
    ],
    "es": [
        "las trabajadoras domésticas migrantes",
        "los jornaleros temporales",
        "los niños no acompañados",
        "las mujeres migrantes",
        "las personas retornadas",
        "los jóvenes que buscan empleo",
        "las familias desplazadas",
        "los sobrevivientes de explotación",
    ],
}

APPROACHES = {
    "en": [
        "The practice brings together public services and community groups to improve {topic} for {group}.",
        "Over {months} months, outreach teams met {group} where they live and work.",
        "Local authorities in {place} adapted existing services instead of creating new ones.",
        "A hotline in several languages answers questions and refers people to trusted services.",
        "Staff received joint training with civil society partners and migrant associations.",
        "Procedures were written down in a short guide so that other municipalities can reuse them.",
        "Data collected during the project is anonymised and shared with the national statistics office.",
        "A steering committee including migrants meets every quarter to adjust the activities.",
    ],
    "fr": [
        "La pratique réunit services publics et associations pour améliorer {topic} pour {group}.",
        "Pendant {months} mois, des équipes mobiles sont allées à la rencontre de {group} sur leurs lieux de vie et de travail.",
        "Les autorités locales de {place} ont adapté les services existants plutôt que d'en créer de nouveaux.",
        "Une ligne d'écoute multilingue répond aux questions et oriente vers des services de confiance.",
        "Le personnel a suivi des formations communes avec la société civile et les associations de migrants.",
        "Les procédures sont décrites dans un guide court que d'autres communes peuvent reprendre.",
        "Les données recueillies sont anonymisées et partagées avec l'institut national de statistique.",
        "Un comité de pilotage comprenant des migrants se réunit chaque trimestre pour ajuster les activités.",
    ],
    "es": [
        "La práctica reúne a servicios públicos y organizaciones comunitarias para mejorar {topic} de {group}.",
        "Durante {months} meses, equipos de terreno visitaron a {group} en sus barrios y lugares de trabajo.",
        "Las autoridades locales de {place} adaptaron los servicios existentes en lugar de crear otros nuevos.",
        "Una línea telefónica en varios idiomas responde preguntas y deriva a servicios de confianza.",
        "El personal recibió formación conjunta con la sociedad civil y asociaciones de migrantes.",
        "Los procedimientos se recogieron en una guía breve que otros municipios pueden reutilizar.",
        "Los datos recogidos se anonimizan y se comparten con el instituto nacional de estadística.",
        "Un comité de seguimiento con personas migrantes se reúne cada trimestre para ajustar las actividades.",
    ],
}

RESULTS = {
    "en": [
        "{n} people were reached in the first phase.",
        "Complaints resolved within a month rose by {pct}%.",
        "The approach was written into national guidelines in its third year.",
        "An independent evaluation found that {pct}% of participants felt safer.",
        "Waiting times for appointments fell by {pct}%.",
    ],
    "fr": [
        "{n} personnes ont été accompagnées pendant la première phase.",
        "La part des plaintes traitées en moins d'un mois a augmenté de {pct} %.",
        "L'approche a été inscrite dans les lignes directrices nationales la troisième année.",
        "Une évaluation indépendante indique que {pct} % des participants se sentent plus en sécurité.",
        "Les délais d'attente pour un rendez-vous ont baissé de {pct} %.",
    ],
    "es": [
        "{n} personas recibieron apoyo en la primera fase.",
        "Las quejas resueltas en menos de un mes aumentaron un {pct} %.",
        "El enfoque se incorporó a las directrices nacionales en su tercer año.",
        "Una evaluación independiente concluyó que el {pct} % de participantes se sentía más seguro.",
        "Los tiempos de espera para una cita bajaron un {pct} %.",
    ],
}

LESSONS = {
    "en": [
        "Trust takes time: involve community leaders from the start.",
        "Stable funding for more than one year matters more than a large budget.",
        "Interpreters must be trained, not only hired.",
        "Share data between agencies only with clear rules and consent.",
    ],
    "fr": [
        "La confiance se construit : associer les responsables communautaires dès le départ.",
        "Un financement stable sur plusieurs années compte plus qu'un gros budget.",
        "Les interprètes doivent être formés, pas seulement recrutés.",
        "Ne partager des données entre administrations qu'avec des règles claires et le consentement.",
    ],
    "es": [
        "La confianza lleva tiempo: hay que implicar a líderes comunitarios desde el principio.",
        "Una financiación estable durante varios años importa más que un gran presupuesto.",
        "Los intérpretes deben recibir formación, no solo ser contratados.",
        "Compartir datos entre instituciones solo con reglas claras y consentimiento.",
    ],
}

IMPLEMENTERS = {
    "en": [
        "Ministry of Labour of {place}",
        "City of {place}",
        "Migrant Rights Network of {place}",
        "National Statistics Office of {place}",
        "Red Cross Society of {place}",
        "University of {place}",
    ],
    "fr": [
        "Ministère du Travail ({place})",
        "Ville de {place}",
        "Réseau pour les droits des migrants ({place})",
        "Institut national de la statistique ({place})",
        "Croix-Rouge ({place})",
        "Université de {place}",
    ],
    "es": [
        "Ministerio de Trabajo de {place}",
        "Ayuntamiento de {place}",
        "Red por los Derechos de las Personas Migrantes de {place}",
        "Instituto Nacional de Estadística de {place}",
        "Cruz Roja de {place}",
        "Universidad de {place}",
    ],
}

PUBLISHERS = [
    "Institute for Mobility Studies",
    "Centre d'études des migrations",
    "Observatorio de Movilidad Humana",
    "Global Labour Mobility Forum",
    "Regional Consultative Process Secretariat",
    "Fondation pour l'inclusion",
]

RESOURCE_KINDS = {
    "en": [
        ("policy-brief", "Policy brief on"),
        ("report", "Annual report on"),
        ("guidance", "A practical guide to"),
        ("working-paper", "Working paper on"),
        ("dataset", "Open dataset on"),
        ("video", "Video series on"),
    ],
    "fr": [
        ("policy-brief", "Note d'orientation sur"),
        ("report", "Rapport annuel sur"),
        ("guidance", "Guide pratique sur"),
        ("working-paper", "Document de travail sur"),
        ("dataset", "Jeu de données ouvert sur"),
        ("video", "Série vidéo sur"),
    ],
    "es": [
        ("policy-brief", "Nota de política sobre"),
        ("report", "Informe anual sobre"),
        ("guidance", "Guía práctica sobre"),
        ("working-paper", "Documento de trabajo sobre"),
        ("dataset", "Datos abiertos sobre"),
        ("video", "Serie de vídeos sobre"),
    ],
}
