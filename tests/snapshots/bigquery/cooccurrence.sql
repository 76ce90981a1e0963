WITH `t6` AS (
  SELECT
    `t5`.`pos`,
    `t5`.`actor`
  FROM (
    SELECT
      *
    FROM `event_actors` AS `t0`
    WHERE
      `t0`.`event_type` IN ('statement', 'military')
      AND `t0`.`end` > DATETIME('1914-06-01T00:00:00')
      AND `t0`.`start` < DATETIME('2020-11-11T00:00:00')
      AND `t0`.`pos` IN (
        SELECT
          `t3`.`pos`
        FROM (
          SELECT
            *
          FROM `events` AS `t1`
          WHERE
            `t1`.`event_type` IN ('statement', 'military')
            AND `t1`.`end` > DATETIME('1914-06-01T00:00:00')
            AND `t1`.`start` < DATETIME('2020-11-11T00:00:00')
            AND `t1`.`pos` IN (
              SELECT DISTINCT
                `t0`.`pos`
              FROM `event_actors` AS `t0`
              WHERE
                `t0`.`actor` IN ('Ali Akbar Velayati', 'Armenia', 'Iran')
                AND `t0`.`event_type` IN ('statement', 'military')
                AND `t0`.`end` > DATETIME('1914-06-01T00:00:00')
                AND `t0`.`start` < DATETIME('2020-11-11T00:00:00')
            )
            AND (
              (
                INSTR(LOWER(`t1`.`title`), 'ceasefire') > 0
              )
              OR (
                INSTR(LOWER(`t1`.`description`), 'ceasefire') > 0
              )
            )
        ) AS `t3`
      )
  ) AS `t5`
  WHERE
    `t5`.`actor` IN ('Iran')
)
SELECT
  `t10`.`actor` AS `a`,
  `t10`.`actor_right` AS `b`,
  COUNT(*) AS `n`
FROM (
  SELECT
    `t8`.`pos`,
    `t8`.`actor`,
    `t9`.`actor` AS `actor_right`
  FROM `t6` AS `t8`
  INNER JOIN `t6` AS `t9`
    ON `t8`.`pos` = `t9`.`pos`
) AS `t10`
GROUP BY
  1,
  2
